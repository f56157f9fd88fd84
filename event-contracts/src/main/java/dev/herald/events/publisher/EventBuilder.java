package dev.herald.events.publisher;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.herald.events.CloudEvent;
import dev.herald.events.Customer;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.ValidationResult;
import dev.herald.events.data.EventData;

/**
 * What every event builder has: the envelope (id, time, source, subject), the customer and the order.
 *
 * <p>{@link #build()} checks the event as Herald will: every required field first, named by its JSON path, then the
 * whole event against Herald's own {@link dev.herald.events.EventValidator}. So an event that builds is one Herald
 * accepts, and a mistake shows where it is made rather than as a 400 later. The event id is fixed when
 * {@code build()} runs (a random UUID unless {@link #id(String)} gave one): publish the built event, and every
 * retry of it is the same event to Herald.
 *
 * @param <B> the builder's own type, so that the setters chain
 */
public abstract sealed class EventBuilder<B extends EventBuilder<B>> permits OrderPlacedBuilder, OrderCancelledBuilder,
		PaymentSucceededBuilder, PaymentFailedBuilder, PaymentRefundedBuilder, ShipmentDispatchedBuilder,
		ShipmentOutForDeliveryBuilder, ShipmentDeliveredBuilder {

	/** The largest event Herald's API (by default) and SNS take. */
	static final int MAX_EVENT_BYTES = 262_144;

	private final EventBuilders builders;

	private String id;

	private Instant time;

	private String source;

	private String subject;

	private boolean subjectGiven;

	private String customerId;

	private String customerEmail;

	private String customerPhone;

	private String customerLocale;

	private String customerTimeZone;

	private String customerName;

	String orderId;

	EventBuilder(EventBuilders builders) {
		this.builders = builders;
		this.source = builders.source();
	}

	/**
	 * The event's id, unique per shop; a random UUID when not given. Give one of your own (e.g. your outbox row's)
	 * to keep publishing idempotent even when your process restarts and builds the event again.
	 */
	public B id(String id) {
		this.id = id;
		return self();
	}

	/** When it happened; now when not given. */
	public B time(Instant time) {
		this.time = time;
		return self();
	}

	/** The shop, instead of the one the {@link EventBuilders} were made with. */
	public B source(String source) {
		this.source = source;
		return self();
	}

	/** The CloudEvents subject; the order id when not given, none when {@code null}. */
	public B subject(String subject) {
		this.subject = subject;
		this.subjectGiven = true;
		return self();
	}

	/** Who the event is about, all at once. */
	public B customer(Customer customer) {
		Objects.requireNonNull(customer, "customer");
		this.customerId = customer.id();
		this.customerEmail = customer.email();
		this.customerPhone = customer.phone();
		this.customerLocale = customer.locale();
		this.customerTimeZone = customer.timeZone();
		this.customerName = customer.name();
		return self();
	}

	/** The shop's own id of the customer (required). */
	public B customer(String customerId) {
		this.customerId = customerId;
		return self();
	}

	/** The customer's email address; an email or a phone is required. */
	public B customerEmail(String email) {
		this.customerEmail = email;
		return self();
	}

	/** The customer's phone number in E.164, e.g. {@code +821012345678}; an email or a phone is required. */
	public B customerPhone(String phone) {
		this.customerPhone = phone;
		return self();
	}

	/** The customer's language as a BCP 47 tag, e.g. {@code ko-KR}; picks the template's locale. */
	public B customerLocale(String locale) {
		this.customerLocale = locale;
		return self();
	}

	/** The customer's IANA time zone, e.g. {@code Asia/Seoul}. */
	public B customerTimeZone(String timeZone) {
		this.customerTimeZone = timeZone;
		return self();
	}

	/** The customer's name as messages greet them. */
	public B customerName(String name) {
		this.customerName = name;
		return self();
	}

	/** The shop's order id (required). */
	public B orderId(String orderId) {
		this.orderId = orderId;
		return self();
	}

	/**
	 * The event, checked as Herald checks it.
	 * @throws InvalidEventException naming every missing field, or every problem Herald's validator finds
	 */
	public CloudEvent build() {
		List<Problem> problems = new ArrayList<>();
		require(problems, "customer.id", this.customerId);
		if (this.customerEmail == null && this.customerPhone == null) {
			problems.add(new Problem("$.data.customer", "needs an email or a phone, so that Herald can reach the customer"));
		}
		require(problems, "orderId", this.orderId);
		requireData(problems);
		if (this.source == null) {
			problems.add(new Problem("$.source", "is required"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidEventException(type(), problems);
		}
		Customer customer = new Customer(this.customerId, this.customerEmail, this.customerPhone, this.customerLocale,
				this.customerTimeZone, this.customerName);
		String eventId = (this.id != null) ? this.id : UUID.randomUUID().toString();
		Instant at = (this.time != null) ? this.time : this.builders.clock().instant().truncatedTo(ChronoUnit.MILLIS);
		String json = CloudEvent
			.of(eventId, this.source, at, this.subjectGiven ? this.subject : this.orderId, data(customer))
			.toJson();
		int bytes = json.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_EVENT_BYTES) {
			// Herald's API refuses larger bodies by default, and SNS larger messages.
			throw new InvalidEventException(type(), List.of(new Problem("$",
					"is " + bytes + " bytes of JSON, more than the " + MAX_EVENT_BYTES + " (256 KiB) Herald accepts")));
		}
		return switch (EventBuilders.validator().validate(json)) {
			case ValidationResult.Valid(CloudEvent event) -> event;
			case ValidationResult.Invalid(List<Problem> invalid) -> throw new InvalidEventException(type(), invalid);
		};
	}

	/** The type of the events this builds. */
	abstract EventType type();

	/** Adds a problem for each required field of the type's data that is missing. */
	abstract void requireData(List<Problem> problems);

	/** The data record; every required field is there. */
	abstract EventData data(Customer customer);

	@SuppressWarnings("unchecked")
	final B self() {
		return (B) this;
	}

	static void require(List<Problem> problems, String field, Object value) {
		if (value == null) {
			problems.add(new Problem("$.data." + field, "is required"));
		}
	}

	static void requireNotEmpty(List<Problem> problems, String field, Collection<?> values) {
		if (values.isEmpty()) {
			problems.add(new Problem("$.data." + field, "is required, with at least one item"));
		}
	}

	/** An amount given as text, e.g. {@code "12.50"}; money is never a double. */
	static BigDecimal money(String field, String amount) {
		if (amount == null) {
			return null;
		}
		try {
			return new BigDecimal(amount.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(field + " must be a decimal amount such as \"12.50\", not \"" + amount + "\"", ex);
		}
	}

	static URI url(String field, String url) {
		if (url == null) {
			return null;
		}
		try {
			return new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalArgumentException(field + " must be an absolute http(s) URL, not \"" + url + "\"", ex);
		}
	}

}
