-- A chat's own occasions (/occasion add) are part of its subscription: saved with it, audited with it, read with it
-- by the planner's due query without a join. JSON: [{"id","month","day","year","title","addedBy","addedAt"}], at
-- most 50 per chat; NULL when the chat has none.
ALTER TABLE subscriptions ADD COLUMN own_occasions TEXT NULL;
