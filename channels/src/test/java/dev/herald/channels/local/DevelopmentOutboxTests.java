package dev.herald.channels.local;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.herald.channels.ChannelType;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;
import dev.herald.channels.local.DevelopmentOutbox.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevelopmentOutboxTests {

	static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

	static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	@Test
	void keepsAnSmsWithItsDeliveryAndTime() {
		DevelopmentOutbox outbox = new DevelopmentOutbox(10, Clock.fixed(NOW, ZoneOffset.UTC));
		OutboundMessage sms = sms(TENANT, "Your order has shipped");

		Message kept = outbox.add(sms);

		assertThat(kept).isEqualTo(new Message(1, NOW, ChannelType.SMS, sms.deliveryId(), TENANT, "+4915112345678",
				null, "Your order has shipped", Map.of(), null));
		assertThat(outbox.messages()).containsExactly(kept);
	}

	@Test
	void keepsAPushNotificationWithTitleDataAndPlatform() {
		DevelopmentOutbox outbox = new DevelopmentOutbox(10, Clock.fixed(NOW, ZoneOffset.UTC));
		OutboundMessage push = push(TENANT, new PushTarget("apns", "a1b2c3", Map.of()));

		Message kept = outbox.add(push);

		assertThat(kept).isEqualTo(new Message(1, NOW, ChannelType.PUSH, push.deliveryId(), TENANT, "a1b2c3",
				"Shipped", "Your order is on its way", Map.of("url", "https://shop.test/orders/1042"), "apns"));
	}

	@Test
	void listsTheNewestFirstAndForgetsTheOldestWhenFull() {
		DevelopmentOutbox outbox = new DevelopmentOutbox(3, Clock.systemUTC());
		for (int i = 1; i <= 5; i++) {
			outbox.add(sms(TENANT, "message " + i));
		}

		assertThat(outbox.messages()).extracting(Message::text).containsExactly("message 5", "message 4", "message 3");
		assertThat(outbox.messages()).extracting(Message::id).containsExactly(5L, 4L, 3L);
	}

	@Test
	void keepsTheLast500ByDefault() {
		DevelopmentOutbox outbox = new DevelopmentOutbox();
		for (int i = 1; i <= 501; i++) {
			outbox.add(sms(TENANT, "message " + i));
		}

		assertThat(outbox.capacity()).isEqualTo(500);
		assertThat(outbox.messages()).hasSize(500).first().extracting(Message::text).isEqualTo("message 501");
		assertThat(outbox.messages()).last().extracting(Message::text).isEqualTo("message 2");
	}

	@Test
	void listsOneTenantsMessages() {
		DevelopmentOutbox outbox = new DevelopmentOutbox();
		UUID other = UUID.randomUUID();
		outbox.add(sms(TENANT, "first"));
		outbox.add(sms(other, "other's"));
		outbox.add(sms(TENANT, "second"));

		assertThat(outbox.messages(TENANT)).extracting(Message::text).containsExactly("second", "first");
		assertThat(outbox.messages(UUID.randomUUID())).isEmpty();
	}

	@Test
	void clearForgetsEverything() {
		DevelopmentOutbox outbox = new DevelopmentOutbox();
		outbox.add(sms(TENANT, "first"));

		outbox.clear();

		assertThat(outbox.messages()).isEmpty();
		assertThat(outbox.add(sms(TENANT, "next")).id()).isEqualTo(2);
	}

	@Test
	void theListIsASnapshot() {
		DevelopmentOutbox outbox = new DevelopmentOutbox();
		outbox.add(sms(TENANT, "first"));
		List<Message> before = outbox.messages();

		outbox.add(sms(TENANT, "second"));

		assertThat(before).hasSize(1);
	}

	@Test
	void aCapacityBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DevelopmentOutbox(0, Clock.systemUTC()))
			.withMessage("capacity must be at least 1, not 0");
	}

	@Test
	void manyThreadsAddingAndListingAtOnceKeepItBoundedAndOrdered() throws Exception {
		DevelopmentOutbox outbox = new DevelopmentOutbox(500, Clock.systemUTC());
		int threads = 8;
		int perThread = 2_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				writers.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						outbox.add(sms(TENANT, "x"));
					}
					return null;
				}));
			}
			Future<?> reader = executor.submit(() -> {
				start.await();
				while (writers.stream().anyMatch((writer) -> !writer.isDone())) {
					List<Message> snapshot = outbox.messages();
					assertThat(snapshot.size()).isLessThanOrEqualTo(500);
					assertThat(snapshot).extracting(Message::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
				}
				return null;
			});
			start.countDown();
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
			reader.get(30, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}

		List<Message> messages = outbox.messages();
		assertThat(messages).hasSize(500);
		assertThat(messages.getFirst().id()).isEqualTo((long) threads * perThread);
		assertThat(messages).extracting(Message::id).doesNotHaveDuplicates();
		assertThat(messages.getLast().id()).isEqualTo((long) threads * perThread - 499);
	}

	static OutboundMessage sms(UUID tenant, String text) {
		return new OutboundMessage(UUID.randomUUID(), tenant, ChannelType.SMS, "+4915112345678", "Ada", null, null,
				text);
	}

	static OutboundMessage push(UUID tenant, PushTarget device) {
		return new OutboundMessage(UUID.randomUUID(), tenant, ChannelType.PUSH, device.token(), null, "Shipped", null,
				"Your order is on its way", Map.of("url", "https://shop.test/orders/1042"), device);
	}

}
