-- The store's metadata; feature tables come in their own numbered scripts, with the same numbers as Schema/Sqlite.
CREATE TABLE IF NOT EXISTS store_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
