-- Outbound events: webhook subscriptions, the xAPI forwarding target, and their delivery queue.
--
-- Why a queue filled by a trigger on learning_events, not a cursor over the log: occurred_at is not write order
-- (imports carry old dates, concurrent transactions commit out of order), so a deliverer reading "events after the last
-- one I sent" would skip events. Every path that appends an event (the grain state write function of db/0007, the
-- sink's multi-row insert, bulk imports' COPY) inserts into learning_events, so one statement trigger there puts one
-- pending delivery per matching active subscription IN THE SAME TRANSACTION as the event: an acknowledged event always
-- has its deliveries, a rolled-back one never does, and an event repeated by a retry (ON CONFLICT DO NOTHING) is not
-- inserted again, so it is not queued twice. Delivery state (attempts, next try, lease, outcome) lives in these rows,
-- so it survives any silo, and the silos' deliverers share the work by claiming rows with FOR UPDATE SKIP LOCKED.
-- A learner's write only inserts rows: a slow or failing receiver is never on its path.
--
-- A statement trigger with a transition table, not a row trigger: a bulk import of a million rows runs one
-- INSERT ... SELECT against the (small) subscription table instead of a million trigger calls, and a write with no
-- subscriptions at all joins against an empty table.

CREATE TABLE IF NOT EXISTS webhook_subscriptions
(
    subscription_id text        PRIMARY KEY,
    -- 'webhook': one signed JSON POST per event; 'xapi': the xAPI forwarding target, statements POSTed in batches.
    target          text        NOT NULL DEFAULT 'webhook' CHECK (target IN ('webhook', 'xapi')),
    url             text        NOT NULL,
    -- The HMAC key of a webhook (the deliverer must sign with it, so it cannot be kept as a hash); for 'xapi' the
    -- Basic credentials' secret. Never answered by the API after creation.
    secret          text        NOT NULL,
    -- For 'xapi': the Basic credentials' key; and the portal's address, the statements' activity ids and account homePage.
    username        text        NULL,
    portal_url      text        NULL,
    -- Empty: every kind.
    event_kinds     text[]      NOT NULL DEFAULT '{}',
    active          boolean     NOT NULL DEFAULT true,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    removed_by      text        NULL,
    removed_at      timestamptz NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries
(
    delivery_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id text        NOT NULL REFERENCES webhook_subscriptions (subscription_id),
    event_id        uuid        NOT NULL,
    -- With event_id, the event's key in the partitioned log (and its partition).
    occurred_at     timestamptz NOT NULL,
    kind            text        NOT NULL,
    -- The ordering key: the event's user, '' for events about no learner (publishes, tokens). A learner's pending
    -- deliveries go one at a time in delivery_id order, so a failing one holds back only that learner's later ones.
    learner         text        NOT NULL,
    -- pending, delivered, failed (gave up; redeliverable by hand), cancelled (the subscription was removed).
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A deliverer's claim: until then no other deliverer takes the row; a silo killed mid-POST leaves it to expire.
    leased_until    timestamptz NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz NULL,
    last_status     integer     NULL,
    last_error      text        NULL,
    delivered_at    timestamptz NULL,
    -- A redelivery by hand is a new row at the end of the learner's queue; this is the row it repeats.
    redelivery_of   bigint      NULL,
    -- Who asked for that redelivery.
    redelivered_by  text        NULL
);

-- The queue: each learner's head per subscription, in order.
CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_pending
    ON webhook_deliveries (subscription_id, learner, delivery_id) WHERE status = 'pending';

-- The delivery log of a subscription, newest first.
CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_log ON webhook_deliveries (subscription_id, delivery_id);

-- Deliveries given up, counted on the admin's list.
CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_failed ON webhook_deliveries (subscription_id) WHERE status = 'failed';

CREATE OR REPLACE FUNCTION webhook_deliveries_enqueue()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    -- The statement's own order (a grain's outbox lists a write's events in the order they happened: the last lesson,
    -- then the course completion, often at the same instant), numbered as the transition table is read, which is the
    -- order the rows were inserted in.
    INSERT INTO webhook_deliveries (subscription_id, event_id, occurred_at, kind, learner)
    SELECT s.subscription_id, e.event_id, e.occurred_at, e.kind, COALESCE(e.user_id, '')
      FROM (SELECT i.*, row_number() OVER () AS position FROM inserted_events AS i) AS e
      JOIN webhook_subscriptions AS s
        ON s.active AND (cardinality(s.event_kinds) = 0 OR e.kind = ANY (s.event_kinds))
     ORDER BY e.position, s.subscription_id;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS learning_events_enqueue_deliveries ON learning_events;
CREATE TRIGGER learning_events_enqueue_deliveries
    AFTER INSERT ON learning_events
    REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_enqueue();
