-- Per-tenant providers with failover order, push devices, and the tenant's SMS length policy.

-- One row per provider a tenant configured for a channel; lower priority is tried first. Secrets are sealed with
-- AES-GCM (see SecretBox) and only their last characters are kept readable, for the console to show.
create table provider_configs (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    channel             text not null check (channel in ('email', 'sms', 'push')),
    provider            text not null check (provider ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    priority            integer not null check (priority >= 0),
    enabled             boolean not null default true,
    settings            jsonb not null default '{}'::jsonb,
    sealed_secrets      bytea,
    secret_hints        jsonb not null default '{}'::jsonb,
    rate_per_second     double precision check (rate_per_second is null or rate_per_second > 0),
    burst               integer check (burst is null or burst > 0),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (tenant_id, channel, provider),
    unique (tenant_id, id)
);

-- A shopper's push devices, registered by the shop through the API. One token belongs to one recipient at a time.
create table devices (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    recipient_id    text not null,
    platform        text not null check (platform in ('webpush', 'fcm', 'apns', 'sns')),
    token           text not null check (length(token) between 1 and 4096),
    keys            jsonb not null default '{}'::jsonb,
    created_at      timestamptz not null default now(),
    last_seen_at    timestamptz not null default now(),
    unique (tenant_id, platform, token),
    unique (tenant_id, id)
);
create index devices_by_recipient on devices (tenant_id, recipient_id);

alter table tenants
    add column sms_max_segments integer not null default 3 check (sms_max_segments between 1 and 10),
    add column sms_overflow text not null default 'refuse' check (sms_overflow in ('refuse', 'truncate')),
    -- bumped on every provider configuration change, so workers know when to rebuild their channels
    add column providers_version bigint not null default 0;

-- A push notification's action URL (Liquid), opened when the shopper taps it.
alter table template_versions add column action_url text;
