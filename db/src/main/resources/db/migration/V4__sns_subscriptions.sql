-- SNS HTTP(S) subscriptions of a tenant's topics to Herald's /sns/{tenant} endpoint.

-- The topics a tenant allows to reach it: a subscription is confirmed, and a message accepted, only for these.
create table sns_topics (
    tenant_id       uuid not null references tenants (id),
    topic_arn       text not null check (length(topic_arn) <= 400
                        and topic_arn ~ '^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\.fifo)?$'),
    created_at      timestamptz not null default now(),
    primary key (tenant_id, topic_arn)
);

-- What SNS told us about each subscription. An UnsubscribeConfirmation is recorded, never acted on by itself.
create table sns_subscriptions (
    tenant_id           uuid not null references tenants (id),
    topic_arn           text not null,
    state               text not null check (state in ('pending', 'confirmed', 'unsubscribe_requested')),
    subscription_arn    text,
    last_message_id     text not null,
    last_error          text,
    -- the URL that would subscribe again after an UnsubscribeConfirmation; kept for the tenant, never fetched by itself
    resubscribe_url     text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    primary key (tenant_id, topic_arn)
);

-- SNS message ids already handled per tenant: a redelivered message creates nothing new.
create table sns_messages (
    tenant_id       uuid not null references tenants (id),
    message_id      text not null check (length(message_id) between 1 and 200),
    message_type    text not null,
    topic_arn       text,
    received_at     timestamptz not null default now(),
    primary key (tenant_id, message_id)
);
