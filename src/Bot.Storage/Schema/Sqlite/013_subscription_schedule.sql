-- The schedule leaves the wide subscriptions row for a narrow table of its own, ordered by due instant. A planner
-- tick claims the posts due in one minute: it moves each of them from the front of this table to a later due
-- instant, which touches a few contiguous pages here (and one small entry per post in the id index) instead of one
-- ~250-byte subscription row per post scattered over the whole subscriptions table.
-- A row exists while a subscription has a next due instant; enabled is copied so that the claim's compare-and-swap
-- and the due query need not read the subscription row.
CREATE TABLE subscription_schedule (
    next_due_utc    BIGINT  NOT NULL,
    subscription_id BIGINT  NOT NULL,
    next_local_date TEXT    NULL,
    enabled         INTEGER NOT NULL,
    PRIMARY KEY (next_due_utc, subscription_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX ix_subscription_schedule_subscription ON subscription_schedule (subscription_id);

INSERT INTO subscription_schedule (next_due_utc, subscription_id, next_local_date, enabled)
SELECT next_due_utc, id, next_local_date, enabled FROM subscriptions WHERE next_due_utc IS NOT NULL;

DROP INDEX ix_subscriptions_due;
ALTER TABLE subscriptions DROP COLUMN next_due_utc;
ALTER TABLE subscriptions DROP COLUMN next_local_date;
