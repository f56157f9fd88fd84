-- Herald's foundation schema. Every tenant-owned table carries tenant_id, and every foreign key between
-- tenant-owned rows includes it, so a row can never point into another tenant's data.

create table tenants (
    id              uuid primary key,
    slug            text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name            text not null,
    default_locale  text not null default 'en',
    time_zone       text not null default 'UTC',
    max_attempts    integer not null default 8 check (max_attempts between 1 and 50),
    created_at      timestamptz not null default now()
);

create table api_keys (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    name            text not null,
    display_prefix  text not null,
    key_hash        bytea not null unique,
    created_at      timestamptz not null default now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    unique (tenant_id, id)
);

create table console_users (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    email           text not null unique,
    password_hash   text not null,
    role            text not null check (role in ('owner', 'admin', 'editor', 'viewer')),
    created_at      timestamptz not null default now(),
    unique (tenant_id, id)
);

-- A template is one tenant's text for one template key, channel and locale; its content lives in versions.
create table templates (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    template_key        text not null,
    event_type          text not null,
    channel             text not null check (channel in ('email', 'sms', 'push')),
    locale              text not null,
    published_version   integer,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (tenant_id, template_key, channel, locale),
    unique (tenant_id, id)
);

create table template_versions (
    tenant_id       uuid not null,
    template_id     uuid not null,
    version         integer not null check (version > 0),
    subject         text,
    body_html       text,
    body_text       text not null,
    created_at      timestamptz not null default now(),
    created_by      text,
    primary key (template_id, version),
    foreign key (tenant_id, template_id) references templates (tenant_id, id)
);

-- Which events trigger which template on which channels for whom.
create table subscriptions (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    name            text not null,
    event_type      text not null,
    template_key    text not null,
    channels        text[] not null check (cardinality(channels) > 0
                        and channels <@ array['email', 'sms', 'push']::text[]),
    recipient_rule  text not null check (recipient_rule in ('customer', 'fixed')),
    fixed_recipients jsonb not null default '[]'::jsonb,
    enabled         boolean not null default true,
    created_at      timestamptz not null default now(),
    unique (tenant_id, id)
);
create index subscriptions_by_event_type on subscriptions (tenant_id, event_type) where enabled;

create table events (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    event_id        text not null,
    event_type      text not null,
    source          text not null,
    subject         text,
    occurred_at     timestamptz not null,
    received_at     timestamptz not null default now(),
    received_via    text not null,
    payload         jsonb not null,
    unique (tenant_id, event_id),
    unique (tenant_id, id)
);
create index events_recent on events (tenant_id, received_at desc);

-- Bodies we refused, kept with every reason so nothing a shop sent is silently lost.
create table rejected_events (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    received_at     timestamptz not null default now(),
    received_via    text not null,
    content_type    text,
    raw_body        text not null,
    body_truncated  boolean not null default false,
    reasons         jsonb not null
);
create index rejected_events_recent on rejected_events (tenant_id, received_at desc);

-- One row per event x subscription x channel x recipient. The row is also the PostgreSQL delivery queue:
-- due rows are claimed with FOR UPDATE SKIP LOCKED and leased until lease_until.
create table deliveries (
    id                  uuid primary key,
    tenant_id           uuid not null,
    event_ref           uuid not null,
    subscription_id     uuid not null,
    channel             text not null check (channel in ('email', 'sms', 'push')),
    recipient           text not null,
    recipient_name      text,
    recipient_locale    text,
    template_key        text not null,
    state               text not null check (state in ('pending', 'sending', 'retrying', 'delivered', 'dead_lettered', 'skipped')),
    attempts            integer not null default 0,
    max_attempts        integer not null,
    next_attempt_at     timestamptz not null default now(),
    lease_until         timestamptz,
    claim_token         uuid,
    last_error          text,
    provider            text,
    provider_message_id text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    delivered_at        timestamptz,
    unique (event_ref, subscription_id, channel, recipient),
    unique (tenant_id, id),
    foreign key (tenant_id, event_ref) references events (tenant_id, id),
    foreign key (tenant_id, subscription_id) references subscriptions (tenant_id, id)
);
create index deliveries_due on deliveries (next_attempt_at) where state in ('pending', 'retrying');
create index deliveries_leased on deliveries (lease_until) where state = 'sending';
create index deliveries_recent on deliveries (tenant_id, created_at desc);
create index deliveries_by_event on deliveries (tenant_id, event_ref);

create table delivery_attempts (
    id              bigint generated always as identity primary key,
    tenant_id       uuid not null,
    delivery_id     uuid not null,
    attempt         integer not null,
    started_at      timestamptz not null,
    finished_at     timestamptz not null,
    outcome         text not null check (outcome in ('delivered', 'retry_later', 'rejected', 'render_failed', 'lease_expired')),
    latency_ms      integer not null,
    provider        text,
    error           text,
    foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id)
);
create index delivery_attempts_by_delivery on delivery_attempts (tenant_id, delivery_id, attempt);
