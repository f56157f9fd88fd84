package dev.herald.db.event;

import java.util.List;
import java.util.UUID;

import dev.herald.db.event.RejectedEventRepository.Reason;
import dev.herald.db.event.RejectedEventRepository.RejectedEvent;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedEventRepositoryIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TestData data = new TestData();

	private final RejectedEventRepository rejected = new RejectedEventRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void aRejectedBodyIsKeptWithEveryReason() {
		List<Reason> reasons = List.of(new Reason("$.type", "must be one of order.placed, order.shipped"),
				new Reason("$.data.customer.email", "\"kim@@shop\" is not an email address"));

		UUID id = this.rejected.save(this.tenant, "api", "application/json", "{\"type\":\"order.lost\"}", false,
				reasons);

		assertThat(this.rejected.recent(this.tenant, 10)).singleElement().satisfies((event) -> {
			assertThat(event.id()).isEqualTo(id);
			assertThat(event.receivedVia()).isEqualTo("api");
			assertThat(event.rawBody()).isEqualTo("{\"type\":\"order.lost\"}");
			assertThat(event.truncated()).isFalse();
			assertThat(event.receivedAt()).isNotNull();
			assertThat(reasonsOf(event)).isEqualTo(reasons);
		});
	}

	@Test
	void aBodyWithANulCharacterIsStoredWithTheNulReplacedInsteadOfLost() {
		this.rejected.save(this.tenant, "api", "application/json", "{\"id\":\"a\0b\"}\0", false,
				List.of(new Reason("$", "not JSON")));

		assertThat(this.rejected.recent(this.tenant, 10)).singleElement()
			.satisfies((event) -> assertThat(event.rawBody()).isEqualTo("{\"id\":\"a\uFFFDb\"}\uFFFD"));
	}

	@Test
	void aContentTypeWithANulCharacterDoesNotLoseTheRejection() {
		UUID id = this.rejected.save(this.tenant, "api", "text/plain\0; charset=utf-8", "hello", false,
				List.of(new Reason("$", "the content type must be application/json")));

		assertThat(this.rejected.recent(this.tenant, 10)).extracting(RejectedEvent::id).containsExactly(id);
		assertThat(this.data.jdbc.sql("select content_type from rejected_events where id = :id")
			.param("id", id)
			.query(String.class)
			.single()).isEqualTo("text/plain\uFFFD; charset=utf-8");
	}

	@Test
	void aReasonQuotingANulCharacterIsStoredInsteadOfLosingTheBody() {
		List<Reason> reasons = List.of(new Reason("$.data.note\0", "unexpected character '\0' in \"x\0y\""));

		this.rejected.save(this.tenant, "api", "application/json", "{\"data\":{\"note\0\":1}}", false, reasons);

		assertThat(this.rejected.recent(this.tenant, 10)).singleElement().satisfies((event) -> {
			assertThat(event.rawBody()).isEqualTo("{\"data\":{\"note\uFFFD\":1}}");
			assertThat(reasonsOf(event)).containsExactly(
					new Reason("$.data.note\uFFFD", "unexpected character '\uFFFD' in \"x\uFFFDy\""));
		});
	}

	@Test
	void aTruncatedBodyIsMarkedAsSuch() {
		this.rejected.save(this.tenant, "api", "application/json", "{\"data\":\"xxxx", true,
				List.of(new Reason("$", "the body is larger than 262144 bytes")));

		assertThat(this.rejected.recent(this.tenant, 10)).singleElement()
			.satisfies((event) -> assertThat(event.truncated()).isTrue());
	}

	@Test
	void theNewestRejectionsComeFirstUpToTheLimit() {
		for (int i = 1; i <= 4; i++) {
			this.rejected.save(this.tenant, "api", null, "body " + i, false, List.of(new Reason("$", "bad " + i)));
		}

		assertThat(this.rejected.recent(this.tenant, 3)).extracting(RejectedEvent::rawBody)
			.containsExactly("body 4", "body 3", "body 2");
	}

	private static List<Reason> reasonsOf(RejectedEvent event) {
		return JSON.readValue(event.reasonsJson(), new TypeReference<List<Reason>>() {
		});
	}

}
