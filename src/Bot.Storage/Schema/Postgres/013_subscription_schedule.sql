-- As Sqlite/013: the schedule in a narrow table of its own, ordered by due instant, so that a claim rewrites a small
-- row instead of the wide subscription row. A row exists while a subscription has a next due instant; enabled is
-- copied so that the claim's compare-and-swap and the due query need not read the subscription row.
CREATE TABLE subscription_schedule (
    next_due_utc    BIGINT  NOT NULL,
    subscription_id BIGINT  NOT NULL,
    next_local_date TEXT    NULL,
    enabled         BOOLEAN NOT NULL,
    PRIMARY KEY (next_due_utc, subscription_id)
);
CREATE UNIQUE INDEX ix_subscription_schedule_subscription ON subscription_schedule (subscription_id);

INSERT INTO subscription_schedule (next_due_utc, subscription_id, next_local_date, enabled)
SELECT next_due_utc, id, next_local_date, enabled FROM subscriptions WHERE next_due_utc IS NOT NULL;

DROP INDEX ix_subscriptions_due;
ALTER TABLE subscriptions DROP COLUMN next_due_utc;
ALTER TABLE subscriptions DROP COLUMN next_local_date;
