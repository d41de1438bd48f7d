-- One journal for what platforms send the bot (Telegram updates, Discord interactions), shared by every instance, in
-- place of Telegram's own intake tables of 010, whose rows it takes over; as in Sqlite/015. Instants are Unix
-- milliseconds. Beyond Sqlite/015: claimed_by and lease_until. The instance that recorded an entry (or took it over)
-- holds it until lease_until; an entry left unhandled by an instance that died is handled by the next instance that
-- loads pending entries once the lease has run out, never by two live instances.
CREATE TABLE IF NOT EXISTS inbound_cursors (
    platform    TEXT    NOT NULL,
    account_id  BIGINT  NOT NULL,
    next_cursor BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (platform, account_id)
);

CREATE TABLE IF NOT EXISTS inbound_entries (
    platform    TEXT    NOT NULL,
    account_id  BIGINT  NOT NULL,
    entry_id    BIGINT  NOT NULL,
    lane        BIGINT  NULL,
    payload     TEXT    NULL,
    received_at BIGINT  NOT NULL,
    handled_at  BIGINT  NULL,
    claimed_by  TEXT    NULL,
    lease_until BIGINT  NULL,
    PRIMARY KEY (platform, account_id, entry_id)
);

CREATE INDEX IF NOT EXISTS ix_inbound_entries_pending ON inbound_entries (platform, account_id, entry_id) WHERE handled_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_inbound_entries_handled ON inbound_entries (platform, account_id, handled_at) WHERE handled_at IS NOT NULL;

INSERT INTO inbound_cursors (platform, account_id, next_cursor, updated_at)
    SELECT 'telegram', bot_id, next_offset, updated_at FROM telegram_offsets;
INSERT INTO inbound_entries (platform, account_id, entry_id, lane, payload, received_at, handled_at, claimed_by, lease_until)
    SELECT 'telegram', bot_id, update_id, chat_id, payload, received_at, handled_at, claimed_by, lease_until FROM telegram_updates;

DROP TABLE telegram_updates;
DROP TABLE telegram_offsets;
