package dev.herald.db.template;

import java.util.List;

import dev.herald.db.template.TemplateRepository.TemplateContent;
import dev.herald.db.template.TemplateRepository.TemplateDraft;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRepositoryIntegrationTests {

	private static final List<String> KOREAN_THEN_ENGLISH = List.of("ko-KR", "ko", "en");

	private final TestData data = new TestData();

	private final TemplateRepository templates = new TemplateRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void eachPublishAddsTheNextVersionAndTheNewestIsWhatGetsSent() {
		assertThat(this.templates.publishNewVersion(this.tenant, email("en", "Thanks v1"), "ana")).isEqualTo(1);
		assertThat(this.templates.publishNewVersion(this.tenant, email("en", "Thanks v2"), "ana")).isEqualTo(2);
		assertThat(this.templates.publishNewVersion(this.tenant, email("en", "Thanks v3"), "bo")).isEqualTo(3);

		assertThat(this.templates.findPublished(this.tenant, "order-placed", "email", List.of("en")))
			.contains(new TemplateContent("order-placed", "email", "en", 3, "Your order", "<p>Thanks v3</p>",
					"Thanks v3"));
		assertThat(versionsStored()).isEqualTo(3);
	}

	@Test
	void eachLocaleOfATemplateCountsItsOwnVersions() {
		this.templates.publishNewVersion(this.tenant, email("en", "Thanks"), "ana");
		this.templates.publishNewVersion(this.tenant, email("en", "Thanks!"), "ana");

		assertThat(this.templates.publishNewVersion(this.tenant, email("ko", "감사합니다"), "ana")).isOne();
	}

	@Test
	void theFirstLocaleInTheGivenOrderThatHasATemplateWins() {
		this.templates.publishNewVersion(this.tenant, email("en", "Thanks"), "ana");
		this.templates.publishNewVersion(this.tenant, email("ko", "감사합니다"), "ana");

		assertThat(localeFound(KOREAN_THEN_ENGLISH)).isEqualTo("ko");
		assertThat(localeFound(List.of("en", "ko"))).as("order, not specificity, decides").isEqualTo("en");

		this.templates.publishNewVersion(this.tenant, email("ko-KR", "주문 감사합니다"), "ana");
		assertThat(this.templates.findPublished(this.tenant, "order-placed", "email", KOREAN_THEN_ENGLISH))
			.hasValueSatisfying((content) -> {
				assertThat(content.locale()).isEqualTo("ko-KR");
				assertThat(content.bodyText()).isEqualTo("주문 감사합니다");
			});
	}

	@Test
	void aRecipientWhoseLocaleHasNoTemplateGetsTheLastFallback() {
		this.templates.publishNewVersion(this.tenant, email("en", "Thanks"), "ana");

		assertThat(localeFound(KOREAN_THEN_ENGLISH)).isEqualTo("en");
	}

	@Test
	void nothingIsFoundWhenNoneOfTheLocalesHasATemplate() {
		this.templates.publishNewVersion(this.tenant, email("de", "Danke"), "ana");

		assertThat(this.templates.findPublished(this.tenant, "order-placed", "email", KOREAN_THEN_ENGLISH)).isEmpty();
		assertThat(this.templates.findPublished(this.tenant, "order-placed", "email", List.of())).isEmpty();
		assertThat(this.templates.findPublished(this.tenant, "no-such-template", "email", List.of("de"))).isEmpty();
	}

	@Test
	void templatesOfOtherChannelsAndKeysNeverMix() {
		this.templates.publishNewVersion(this.tenant, email("en", "Order placed (email)"), "ana");
		this.templates.publishNewVersion(this.tenant,
				new TemplateDraft("order-placed", "order.placed", "sms", "en", null, null, "Order placed (sms)"), "ana");
		this.templates.publishNewVersion(this.tenant, new TemplateDraft("order-shipped", "order.shipped", "email", "en",
				"Shipped", null, "Order shipped (email)"), "ana");

		assertThat(bodyOf("order-placed", "email")).isEqualTo("Order placed (email)");
		assertThat(bodyOf("order-placed", "sms")).isEqualTo("Order placed (sms)");
		assertThat(bodyOf("order-shipped", "email")).isEqualTo("Order shipped (email)");
		assertThat(this.templates.findPublished(this.tenant, "order-shipped", "sms", List.of("en"))).isEmpty();
		assertThat(this.templates.findPublished(this.tenant, "order-placed", "push", List.of("en"))).isEmpty();
		assertThat(this.templates.findPublished(this.tenant, "order-placed", "sms", List.of("en")).orElseThrow()
			.version()).as("a new channel starts at version 1").isOne();
	}

	@Test
	void anSmsTemplateHasNoSubjectOrHtml() {
		this.templates.publishNewVersion(this.tenant,
				new TemplateDraft("order-placed", "order.placed", "sms", "en", null, null, "Order {{ number }} placed"),
				"ana");

		TemplateContent content = this.templates.findPublished(this.tenant, "order-placed", "sms", List.of("en"))
			.orElseThrow();
		assertThat(content.subject()).isNull();
		assertThat(content.bodyHtml()).isNull();
		assertThat(content.bodyText()).isEqualTo("Order {{ number }} placed");
	}

	private String localeFound(List<String> locales) {
		return this.templates.findPublished(this.tenant, "order-placed", "email", locales).orElseThrow().locale();
	}

	private String bodyOf(String key, String channel) {
		return this.templates.findPublished(this.tenant, key, channel, List.of("en")).orElseThrow().bodyText();
	}

	private int versionsStored() {
		return this.data.jdbc.sql("select count(*) from template_versions where tenant_id = :tenant")
			.param("tenant", this.tenant.value())
			.query(Integer.class)
			.single();
	}

	private static TemplateDraft email(String locale, String text) {
		return new TemplateDraft("order-placed", "order.placed", "email", locale, "Your order", "<p>" + text + "</p>",
				text);
	}

}
