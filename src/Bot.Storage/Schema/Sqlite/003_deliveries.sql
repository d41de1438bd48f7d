-- The delivery ledger: one row per (subscription, occasion, local date), claimed before anything is sent.
CREATE TABLE IF NOT EXISTS deliveries (
    id                 INTEGER PRIMARY KEY,
    subscription_id    BIGINT  NOT NULL,
    occasion_id        TEXT    NOT NULL,
    local_date         TEXT    NOT NULL,          -- yyyy-MM-dd in the subscription's zone
    due_utc            BIGINT  NOT NULL,
    deadline_utc       BIGINT  NOT NULL,          -- end of the catch-up window
    idempotency_key    TEXT    NOT NULL,
    status             TEXT    NOT NULL,          -- pending|sending|sent|failed_retryable|failed_permanent|uncertain|skipped
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc   BIGINT  NULL,
    claimed_at         BIGINT  NOT NULL,
    sent_at            BIGINT  NULL,
    channel_id         TEXT    NULL,              -- where it was sent (a chat may have moved)
    message_id         TEXT    NULL,
    last_error         TEXT    NULL,
    resent_after_crash INTEGER NOT NULL DEFAULT 0,
    UNIQUE (subscription_id, occasion_id, local_date)
);
CREATE INDEX IF NOT EXISTS ix_deliveries_retry ON deliveries (next_attempt_utc) WHERE status = 'failed_retryable';
CREATE INDEX IF NOT EXISTS ix_deliveries_open ON deliveries (status) WHERE status IN ('pending', 'sending');
