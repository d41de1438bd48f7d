-- Telegram intake (exactly-once across restarts): the getUpdates offset per bot, and every received update from the
-- moment it is stored (before Telegram is told it arrived) until it is handled. Handled rows keep their id (without
-- the payload) for a week so that a redelivered update is recognised and ignored.
CREATE TABLE IF NOT EXISTS telegram_offsets (
    bot_id      INTEGER PRIMARY KEY,
    next_offset INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS telegram_updates (
    bot_id      INTEGER NOT NULL,
    update_id   INTEGER NOT NULL,
    chat_id     INTEGER,
    payload     TEXT,
    received_at TEXT NOT NULL,
    handled_at  TEXT,
    PRIMARY KEY (bot_id, update_id)
);

CREATE INDEX IF NOT EXISTS ix_telegram_updates_pending ON telegram_updates (bot_id, handled_at, update_id);
