package dev.herald.db.template;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.db.tenant.TenantId;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Templates per tenant, template key, channel and locale, with immutable numbered versions. */
public class TemplateRepository {

	private final JdbcClient jdbc;

	public TemplateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds a new version of the template (creating the template on first use) and publishes it. Call it inside a
	 * transaction: the first statement locks the template row, which keeps concurrent publishes from picking the same
	 * version number.
	 * @return the new version number
	 */
	public int publishNewVersion(TenantId tenant, TemplateDraft draft, String author) {
		UUID templateId = this.jdbc.sql("""
				insert into templates (id, tenant_id, template_key, event_type, channel, locale)
				values (:id, :tenant, :key, :type, :channel, :locale)
				on conflict (tenant_id, template_key, channel, locale) do update set updated_at = now(), event_type = excluded.event_type
				returning id
				""")
			.param("id", UUID.randomUUID())
			.param("tenant", tenant.value())
			.param("key", draft.templateKey())
			.param("type", draft.eventType())
			.param("channel", draft.channel())
			.param("locale", draft.locale())
			.query(UUID.class)
			.single();
		int version = this.jdbc.sql("""
				insert into template_versions (tenant_id, template_id, version, subject, body_html, body_text, action_url,
				                               created_by)
				select :tenant, :template, coalesce(max(version), 0) + 1, :subject, :html, :text, :actionUrl, :author
				from template_versions where template_id = :template
				returning version
				""")
			.param("tenant", tenant.value())
			.param("template", templateId)
			.param("subject", draft.subject())
			.param("html", draft.bodyHtml())
			.param("text", draft.bodyText())
			.param("actionUrl", draft.actionUrl())
			.param("author", author)
			.query(Integer.class)
			.single();
		this.jdbc.sql("update templates set published_version = :version where tenant_id = :tenant and id = :id")
			.param("version", version)
			.param("tenant", tenant.value())
			.param("id", templateId)
			.update();
		return version;
	}

	/**
	 * The published content for the first of {@code locales} that has one, in the order given (e.g. ko-KR, ko, en).
	 */
	public Optional<TemplateContent> findPublished(TenantId tenant, String templateKey, String channel,
			List<String> locales) {
		for (String locale : locales) {
			Optional<TemplateContent> content = this.jdbc.sql("""
					select t.locale, v.version, v.subject, v.body_html, v.body_text, v.action_url
					from templates t
					join template_versions v on v.template_id = t.id and v.version = t.published_version
					where t.tenant_id = :tenant and t.template_key = :key and t.channel = :channel and t.locale = :locale
					""")
				.param("tenant", tenant.value())
				.param("key", templateKey)
				.param("channel", channel)
				.param("locale", locale)
				.query((rs, row) -> new TemplateContent(templateKey, channel, rs.getString("locale"),
						rs.getInt("version"), rs.getString("subject"), rs.getString("body_html"),
						rs.getString("body_text"), rs.getString("action_url")))
				.optional();
			if (content.isPresent()) {
				return content;
			}
		}
		return Optional.empty();
	}

	/**
	 * What an author submits for a template version.
	 * @param actionUrl for push: the URL opened when the notification is tapped; may be {@code null}
	 */
	public record TemplateDraft(String templateKey, String eventType, String channel, String locale, String subject,
			String bodyHtml, String bodyText, String actionUrl) {

		public TemplateDraft(String templateKey, String eventType, String channel, String locale, String subject,
				String bodyHtml, String bodyText) {
			this(templateKey, eventType, channel, locale, subject, bodyHtml, bodyText, null);
		}

	}

	/** A published template version, ready to render. */
	public record TemplateContent(String templateKey, String channel, String locale, int version, String subject,
			String bodyHtml, String bodyText, String actionUrl) {

		public TemplateContent(String templateKey, String channel, String locale, int version, String subject,
				String bodyHtml, String bodyText) {
			this(templateKey, channel, locale, version, subject, bodyHtml, bodyText, null);
		}

	}

}
