-- Subscriptions: one row per channel. Instants are Unix milliseconds (BIGINT in PostgreSQL), local dates ISO text.
CREATE TABLE IF NOT EXISTS subscriptions (
    id                   INTEGER PRIMARY KEY,
    platform             TEXT    NOT NULL,
    channel_id           TEXT    NOT NULL,
    guild_id             TEXT    NULL,
    post_time            TEXT    NOT NULL,          -- local HH:mm
    time_zone            TEXT    NOT NULL,          -- IANA id
    occasions            TEXT    NOT NULL,          -- all | jan7 | list:id,id
    enabled              INTEGER NOT NULL,
    paused_reason        TEXT    NULL,
    mention_role_id      TEXT    NULL,
    template             TEXT    NULL,
    next_due_utc         BIGINT  NULL,
    next_local_date      TEXT    NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_post_at         BIGINT  NULL,
    last_post_occasion   TEXT    NULL,
    last_post_local_date TEXT    NULL,
    last_post_message_id TEXT    NULL,
    last_error_at        BIGINT  NULL,
    last_error           TEXT    NULL,
    bot_removed_at       BIGINT  NULL,
    changed_by           TEXT    NOT NULL,
    changed_at           BIGINT  NOT NULL,
    UNIQUE (platform, channel_id)
);

-- The planner's only query: enabled subscriptions due by now, earliest first. A range scan on this index costs
-- the number of due rows, whatever the number of subscriptions.
CREATE INDEX IF NOT EXISTS ix_subscriptions_due ON subscriptions (next_due_utc) WHERE enabled = 1 AND next_due_utc IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_subscriptions_guild ON subscriptions (platform, guild_id);
CREATE INDEX IF NOT EXISTS ix_subscriptions_removed ON subscriptions (bot_removed_at) WHERE bot_removed_at IS NOT NULL;

-- Every change to a subscription: who, when, what. Kept after the subscription is deleted.
CREATE TABLE IF NOT EXISTS subscription_audit (
    id              INTEGER PRIMARY KEY,
    subscription_id BIGINT  NOT NULL,
    platform        TEXT    NOT NULL,
    channel_id      TEXT    NOT NULL,
    changed_at      BIGINT  NOT NULL,
    changed_by      TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    detail          TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_subscription_audit_subscription ON subscription_audit (subscription_id, id);
