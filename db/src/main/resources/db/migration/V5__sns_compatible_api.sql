-- SNS-compatible publishing for local development: a shop's unchanged SnsClient signs its requests with a tenant's
-- access key, creates topics and subscribes Herald to them; what it publishes is ingested like POST /api/v1/events.
-- Prefixed sns_api_ to keep them apart from V4's sns_topics and sns_subscriptions (SNS traffic into /sns/{tenant}).

-- The secret is sealed with AES-GCM (see SecretBox), bound to tenant and key id: SigV4 needs it in the clear to
-- verify a signature, so it cannot be hashed like an API key.
create table sns_api_access_keys (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    name            text not null check (length(name) between 1 and 200),
    access_key_id   text not null unique check (access_key_id ~ '^[A-Z0-9]{16,128}$'),
    sealed_secret   bytea not null,
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz,
    unique (tenant_id, id)
);

-- Topic names follow SNS's rules (standard topics only); the ARN is derived from tenant, region and name.
create table sns_api_topics (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    name            text not null check (name ~ '^[A-Za-z0-9_-]+$' and length(name) <= 256),
    created_at      timestamptz not null default now(),
    unique (tenant_id, name),
    unique (tenant_id, id)
);

-- Herald's own subscriptions to a topic: what they match is ingested. endpoint is '' for the herald protocol.
create table sns_api_subscriptions (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    topic_id            uuid not null,
    protocol            text not null check (protocol in ('herald', 'http', 'https')),
    endpoint            text not null default '' check (length(endpoint) <= 2048),
    filter_policy       jsonb,
    filter_policy_scope text not null default 'MessageAttributes'
                        check (filter_policy_scope in ('MessageAttributes', 'MessageBody')),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (tenant_id, topic_id, protocol, endpoint),
    unique (tenant_id, id),
    foreign key (tenant_id, topic_id) references sns_api_topics (tenant_id, id)
);
