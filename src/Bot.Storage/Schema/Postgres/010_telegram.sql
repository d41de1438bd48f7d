-- Telegram intake on PostgreSQL, shared by every instance: the getUpdates offset per bot, and every received update
-- from the moment it is stored (before Telegram is told it arrived) until it is handled, as in Sqlite/010. Instants
-- are Unix milliseconds. Beyond Sqlite/010: claimed_by and lease_until. The instance that stored an update (or took
-- it over) holds it until lease_until; an update left unhandled by an instance that died is handled by the next
-- instance that loads pending updates once the lease has run out, never by two live instances.
CREATE TABLE IF NOT EXISTS telegram_offsets (
    bot_id      BIGINT  PRIMARY KEY,
    next_offset INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE IF NOT EXISTS telegram_updates (
    bot_id      BIGINT  NOT NULL,
    update_id   INTEGER NOT NULL,
    chat_id     BIGINT  NULL,
    payload     TEXT    NULL,
    received_at BIGINT  NOT NULL,
    handled_at  BIGINT  NULL,
    claimed_by  TEXT    NULL,
    lease_until BIGINT  NULL,
    PRIMARY KEY (bot_id, update_id)
);

CREATE INDEX IF NOT EXISTS ix_telegram_updates_pending ON telegram_updates (bot_id, update_id) WHERE handled_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_telegram_updates_handled ON telegram_updates (bot_id, handled_at) WHERE handled_at IS NOT NULL;
