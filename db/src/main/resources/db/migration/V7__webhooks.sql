-- Outbound webhooks: a tenant's HTTPS endpoints told about its deliveries' status, signed per the Standard Webhooks
-- spec. webhook_messages is the outbox: one row per endpoint, delivery and event type (a status reported twice makes
-- one message), written with the status change; workers claim due rows with a lease, and every try is logged in
-- webhook_attempts.

create table webhook_endpoints (
    id                uuid primary key,
    tenant_id         uuid not null references tenants (id),
    url               text not null check (length(url) between 1 and 2000),
    description       text check (length(description) <= 500),
    -- Empty: every event type.
    event_types       text[] not null default '{}',
    enabled           boolean not null default true,
    -- Recipients' addresses are masked in payloads unless the tenant asks for them.
    include_recipient boolean not null default false,
    sealed_secret     bytea not null,
    secret_rotated_at timestamptz not null default now(),
    -- After a rotation the old secret signs too (a second signature in the header), until then, so receivers can
    -- switch without dropping messages, as the Standard Webhooks spec suggests.
    previous_sealed_secret     bytea,
    previous_secret_expires_at timestamptz,
    check ((previous_sealed_secret is null) = (previous_secret_expires_at is null)),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (tenant_id, id)
);
create index webhook_endpoints_by_tenant on webhook_endpoints (tenant_id, created_at);

create table webhook_messages (
    id              uuid primary key,
    tenant_id       uuid not null,
    endpoint_id     uuid not null,
    delivery_id     uuid not null,
    event_type      text not null check (event_type like 'delivery.%'),
    payload         text not null,
    state           text not null check (state in ('pending', 'delivered', 'failed')),
    -- Tries so far, and how many of them came before the last replay (each replay gets a full set of tries).
    attempts        integer not null default 0,
    replayed_after  integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    lease_until     timestamptz,
    claim_token     uuid,
    last_error      text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (tenant_id, endpoint_id, delivery_id, event_type),
    unique (tenant_id, id),
    foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade,
    foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id)
);
create index webhook_messages_due on webhook_messages (next_attempt_at) where state = 'pending';
create index webhook_messages_by_endpoint on webhook_messages (tenant_id, endpoint_id, created_at desc);

create table webhook_attempts (
    id               bigint generated always as identity primary key,
    tenant_id        uuid not null,
    message_id       uuid not null,
    attempt          integer not null,
    started_at       timestamptz not null,
    latency_ms       integer not null,
    status_code      integer,
    outcome          text not null check (outcome in ('delivered', 'retry_later', 'failed')),
    error            text,
    response_snippet text,
    foreign key (tenant_id, message_id) references webhook_messages (tenant_id, id) on delete cascade
);
create index webhook_attempts_by_message on webhook_attempts (tenant_id, message_id, id);
