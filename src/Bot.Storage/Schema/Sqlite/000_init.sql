-- The store's metadata; feature tables come in their own numbered scripts (001 facts, 002 subscriptions, ...).
CREATE TABLE IF NOT EXISTS store_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
