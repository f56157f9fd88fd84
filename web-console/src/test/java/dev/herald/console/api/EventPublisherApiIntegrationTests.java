package dev.herald.console.api;

import java.time.Instant;
import java.util.List;

import dev.herald.console.LocalServerIntegrationTest;
import dev.herald.events.CloudEvent;
import dev.herald.events.EventType;
import dev.herald.events.Problem;
import dev.herald.events.data.PaymentMethod;
import dev.herald.events.publisher.EventBuilders;
import dev.herald.events.publisher.HttpEventPublisher;
import dev.herald.events.publisher.HttpPublisherSettings;
import dev.herald.events.publisher.PublishException;
import dev.herald.events.publisher.PublishResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The publisher SDK a shop uses, against the real ingestion API: what it reports is what Herald did. */
class EventPublisherApiIntegrationTests extends LocalServerIntegrationTest {

	private final EventBuilders events = EventBuilders.from("https://dongne-market.example.com");

	private HttpEventPublisher publisher;

	@AfterEach
	void close() {
		if (this.publisher != null) {
			this.publisher.close();
		}
	}

	@Test
	void aBuiltEventIsAcceptedWithItsDeliveriesAndPublishedAgainIsADuplicate() {
		CloudEvent paid = this.events.paymentSucceeded()
			.customer("cus_20931")
			.customerEmail("minji.kim@example.com")
			.customerLocale("ko-KR")
			.orderId("ord_8f14e45fceea167a")
			.paymentId("pay_3c59dc048e885024")
			.amount("66000", "KRW")
			.method(PaymentMethod.CARD)
			.paidAt(Instant.now())
			.build();

		PublishResult first = publisher(API_KEY).publish(paid);
		PublishResult again = publisher(API_KEY).publish(paid);

		assertThat(first).isInstanceOfSatisfying(PublishResult.Accepted.class, (accepted) -> {
			assertThat(accepted.eventId()).isEqualTo(paid.id());
			assertThat(accepted.deliveries()).isPositive();
		});
		assertThat(again).isEqualTo(new PublishResult.Duplicate(paid.id()));
	}

	@Test
	void anEventHeraldRefusesIsRejectedWithHeraldsReasons() {
		// Not built with a builder, which would have refused it already.
		CloudEvent invalid = new CloudEvent(CloudEvent.SPECVERSION, "evt-invalid-" + System.nanoTime(),
				"https://dongne-market.example.com", EventType.ORDER_PLACED, Instant.now(), null,
				CloudEvent.DATACONTENTTYPE, JsonMapper.shared().readTree("{\"orderId\":\"ord_1\"}"), null);

		PublishResult result = publisher(API_KEY).publish(invalid);

		assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class, (rejected) -> {
			assertThat(rejected.eventId()).isEqualTo(invalid.id());
			assertThat(rejected.reasons()).contains(new Problem("$.data.customer", "is required"),
					new Problem("$.data.orderNumber", "is required"));
		});
	}

	@Test
	void aWrongApiKeyThrowsWithHeraldsReason() {
		CloudEvent event = this.events.shipmentDelivered()
			.customer("cus_31877")
			.customerPhone("+821055501234")
			.orderId("ord_c51ce410c124a10e")
			.shipmentId("shp_1f0e3dad99908345")
			.carrier("우체국택배")
			.trackingNumber("6071234567890")
			.deliveredAt(Instant.now())
			.build();

		assertThatExceptionOfType(PublishException.class).isThrownBy(() -> publisher("hk_wrong").publish(event))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.reasons()).singleElement()
					.satisfies((reason) -> assertThat(reason.message()).contains("API key"));
			});
	}

	@Test
	void severalEventsGetAResultEachInOrder() {
		CloudEvent dispatched = this.events.shipmentDispatched()
			.customer("cus_20931")
			.customerEmail("minji.kim@example.com")
			.orderId("ord_8f14e45fceea167a")
			.shipmentId("shp_6512bd43d9caa6e0")
			.carrier("CJ대한통운")
			.trackingNumber("568912340017")
			.build();
		CloudEvent cancelled = this.events.orderCancelled()
			.customer("c-77215")
			.customerEmail("oliver.bennett@example.com")
			.orderId("ord_1048576")
			.orderNumber("NW-1048576")
			.cancelledAt(Instant.now())
			.refund("84.50", "GBP")
			.build();

		List<PublishResult> results = publisher(API_KEY).publishAll(List.of(dispatched, cancelled, dispatched));

		assertThat(results).hasSize(3);
		assertThat(results.get(0)).isInstanceOf(PublishResult.Accepted.class);
		assertThat(results.get(1)).isInstanceOf(PublishResult.Accepted.class);
		assertThat(results.get(2)).isEqualTo(new PublishResult.Duplicate(dispatched.id()));
	}

	private HttpEventPublisher publisher(String apiKey) {
		if (this.publisher != null) {
			this.publisher.close();
		}
		this.publisher = new HttpEventPublisher(HttpPublisherSettings.of(uri("/").toString(), apiKey));
		return this.publisher;
	}

}
