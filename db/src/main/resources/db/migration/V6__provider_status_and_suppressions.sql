-- What happened to a delivery after the provider accepted it, and the addresses a tenant must not send to again.
--
-- deliveries.state stays the sending pipeline's state ('delivered' = the provider accepted the message). The
-- provider's later reports are kept, append-only, in delivery_status_events, and the most telling of them is the
-- delivery's outcome: it only moves up the ranking below, so an out-of-order 'delivered' never hides a 'clicked',
-- and a bounce or complaint wins over everything before it.

alter table deliveries
    add column outcome    text check (outcome in ('sent', 'delayed', 'delivered', 'opened', 'clicked',
                                                  'soft_bounced', 'failed', 'bounced', 'complained')),
    add column outcome_at timestamptz;

-- Provider status events name the provider's message id; SES and Twilio report nothing else.
create index deliveries_by_provider_message on deliveries (tenant_id, provider_message_id)
    where provider_message_id is not null;

-- A delivery found suppressed at send time is skipped, and its attempt says so.
alter table delivery_attempts drop constraint delivery_attempts_outcome_check;
alter table delivery_attempts add constraint delivery_attempts_outcome_check
    check (outcome in ('delivered', 'retry_later', 'rejected', 'render_failed', 'lease_expired', 'suppressed'));

-- One row per status event a provider reported (at least once: the unique event key makes repeats no-ops). An event
-- that matches no delivery is kept too, with the reason, so nothing a provider sent is lost.
create table delivery_status_events (
    id                  bigint generated always as identity primary key,
    tenant_id           uuid not null references tenants (id),
    delivery_id         uuid,
    provider            text not null,
    event_key           text not null,
    provider_message_id text,
    status              text not null check (status in ('sent', 'delayed', 'delivered', 'opened', 'clicked',
                                                        'soft_bounced', 'failed', 'bounced', 'complained')),
    occurred_at         timestamptz not null,
    received_at         timestamptz not null default now(),
    recipient           text,
    detail              text,
    unmatched_reason    text,
    payload             text,
    unique (tenant_id, provider, event_key),
    check ((delivery_id is null) = (unmatched_reason is not null)),
    foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id)
);
create index delivery_status_events_by_delivery on delivery_status_events (tenant_id, delivery_id, occurred_at);
create index delivery_status_events_unmatched on delivery_status_events (tenant_id, received_at desc)
    where delivery_id is null;

-- Addresses the tenant no longer sends to, normalized (email: domain lower-cased; SMS: E.164).
create table suppressions (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    channel         text not null check (channel in ('email', 'sms')),
    address         text not null check (length(address) between 1 and 320),
    reason          text not null check (reason in ('hard_bounce', 'complaint', 'opted_out', 'unreachable', 'manual')),
    source          text not null,
    detail          text,
    delivery_id     uuid,
    created_at      timestamptz not null default now(),
    unique (tenant_id, channel, address),
    unique (tenant_id, id),
    foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id)
);
create index suppressions_recent on suppressions (tenant_id, created_at desc);
