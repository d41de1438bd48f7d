-- One journal for what platforms send the bot (Telegram updates, Discord interactions), in place of Telegram's own
-- intake tables of 010, whose rows it takes over. An entry is keyed by its platform, the bot's account there and the
-- platform's id for it; it is written before the platform is told it arrived and stays pending until handled.
-- Handled entries keep their id (without the payload) for a week so that a copy is recognised and ignored. A cursor
-- is where a platform's feed resumes (Telegram's getUpdates offset).
CREATE TABLE IF NOT EXISTS inbound_cursors (
    platform    TEXT    NOT NULL,
    account_id  INTEGER NOT NULL,
    next_cursor INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (platform, account_id)
);

CREATE TABLE IF NOT EXISTS inbound_entries (
    platform    TEXT    NOT NULL,
    account_id  INTEGER NOT NULL,
    entry_id    INTEGER NOT NULL,
    lane        INTEGER,
    payload     TEXT,
    received_at TEXT    NOT NULL,
    handled_at  TEXT,
    PRIMARY KEY (platform, account_id, entry_id)
);

CREATE INDEX IF NOT EXISTS ix_inbound_entries_pending ON inbound_entries (platform, account_id, handled_at, entry_id);

INSERT INTO inbound_cursors (platform, account_id, next_cursor, updated_at)
    SELECT 'telegram', bot_id, next_offset, updated_at FROM telegram_offsets;
INSERT INTO inbound_entries (platform, account_id, entry_id, lane, payload, received_at, handled_at)
    SELECT 'telegram', bot_id, update_id, chat_id, payload, received_at, handled_at FROM telegram_updates;

DROP TABLE telegram_updates;
DROP TABLE telegram_offsets;
