package dev.herald.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.node.ObjectNode;

/**
 * One realistic, valid event of each type, as a shop would post it: for tests, demos and documentation.
 *
 * <p>The samples are also resources of their own, {@code dev/herald/events/samples/<type>.json}.
 */
public final class SampleEvents {

	private static final Map<EventType, String> SAMPLES = load();

	private SampleEvents() {
	}

	/** The sample event of {@code type}, as formatted JSON. */
	public static String json(EventType type) {
		return SAMPLES.get(Objects.requireNonNull(type, "type"));
	}

	/** The sample event of {@code type} with another id, so that tests can post it many times as distinct events. */
	public static String json(EventType type, String eventId) {
		Objects.requireNonNull(eventId, "eventId");
		ObjectNode event = (ObjectNode) Json.MAPPER.readTree(json(type));
		event.put("id", eventId);
		return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event);
	}

	/** Every sample, by type, in the order of {@link EventType}. */
	public static Map<EventType, String> all() {
		return SAMPLES;
	}

	private static Map<EventType, String> load() {
		Map<EventType, String> samples = new EnumMap<>(EventType.class);
		for (EventType type : EventType.values()) {
			String resource = "samples/" + type.wireName() + ".json";
			try (InputStream in = SampleEvents.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("Missing sample resource " + resource);
				}
				samples.put(type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return Collections.unmodifiableMap(samples);
	}

}
