using System.Data;
using System.Data.Common;
using Bot.Core.Scheduling;
using NodaTime.Text;

namespace Bot.Storage.Deliveries;

/// <summary>The planner's claim, the same on SQLite and PostgreSQL, inside the caller's transaction: per claim, the
/// compare-and-swap on the subscription's schedule row (moved on, or removed when no post is ahead), and only if it
/// still held, <c>INSERT … ON CONFLICT DO NOTHING</c> of its ledger rows on the ledger's unique key. What differs
/// between the stores (how the transaction is taken, PostgreSQL's row locks) stays in each ledger.</summary>
internal static class DeliveryClaims
{
    public static async Task<IReadOnlyList<Delivery>> ClaimAsync(
        DbConnection connection,
        DbTransaction transaction,
        IEnumerable<DeliveryClaim> claims,
        CancellationToken cancellationToken)
    {
        // The compare-and-swap: the schedule row moves on only if it is still where the planner read it.
        await using var advance = Command(connection, transaction, """
            UPDATE subscription_schedule SET next_due_utc = @next, next_local_date = @next_date
            WHERE next_due_utc = @expected AND subscription_id = @id AND enabled
            """);
        var id = Parameter(advance, "@id", DbType.Int64);
        var expected = Parameter(advance, "@expected", DbType.Int64);
        var next = Parameter(advance, "@next", DbType.Int64);
        var nextDate = Parameter(advance, "@next_date", DbType.String);

        // A subscription with no posts ahead (no occasions left to it) leaves the schedule.
        await using var finish = Command(connection, transaction, """
            DELETE FROM subscription_schedule WHERE next_due_utc = @expected AND subscription_id = @id AND enabled
            """);
        var finishedId = Parameter(finish, "@id", DbType.Int64);
        var finishedExpected = Parameter(finish, "@expected", DbType.Int64);

        await using var insert = Command(connection, transaction, """
            INSERT INTO deliveries (subscription_id, occasion_id, local_date, due_utc, deadline_utc, idempotency_key, status,
                attempts, next_attempt_utc, claimed_at, last_error)
            VALUES (@subscription, @occasion, @date, @due, @deadline, @key, @status, 0, NULL, @claimed, @error)
            ON CONFLICT (subscription_id, occasion_id, local_date) DO NOTHING
            RETURNING id
            """);
        var subscription = Parameter(insert, "@subscription", DbType.Int64);
        var occasion = Parameter(insert, "@occasion", DbType.String);
        var date = Parameter(insert, "@date", DbType.String);
        var due = Parameter(insert, "@due", DbType.Int64);
        var deadline = Parameter(insert, "@deadline", DbType.Int64);
        var key = Parameter(insert, "@key", DbType.String);
        var status = Parameter(insert, "@status", DbType.String);
        var claimed = Parameter(insert, "@claimed", DbType.Int64);
        var error = Parameter(insert, "@error", DbType.String);

        var inserted = new List<Delivery>();
        foreach (var claim in claims)
        {
            int moved;
            if (claim.NextDueUtc is { } nextDue)
            {
                id.Value = claim.SubscriptionId;
                expected.Value = claim.ExpectedNextDueUtc.ToUnixTimeMilliseconds();
                next.Value = nextDue.ToUnixTimeMilliseconds();
                nextDate.Value = claim.NextLocalDate is { } d ? LocalDatePattern.Iso.Format(d) : DBNull.Value;
                moved = await advance.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                finishedId.Value = claim.SubscriptionId;
                finishedExpected.Value = claim.ExpectedNextDueUtc.ToUnixTimeMilliseconds();
                moved = await finish.ExecuteNonQueryAsync(cancellationToken);
            }

            if (moved == 0)
            {
                // Someone else claimed it first, or the subscription changed since it was read.
                continue;
            }

            foreach (var row in claim.Rows)
            {
                subscription.Value = row.SubscriptionId;
                occasion.Value = row.OccasionId;
                date.Value = LocalDatePattern.Iso.Format(row.LocalDate);
                due.Value = row.DueUtc.ToUnixTimeMilliseconds();
                deadline.Value = row.DeadlineUtc.ToUnixTimeMilliseconds();
                key.Value = row.IdempotencyKey;
                status.Value = DeliveryRows.Name(row.Status);
                claimed.Value = claim.ClaimedAt.ToUnixTimeMilliseconds();
                error.Value = (object?)row.LastError ?? DBNull.Value;
                if (await insert.ExecuteScalarAsync(cancellationToken) is long newId)
                {
                    inserted.Add(row with { Id = newId });
                }
            }
        }

        return inserted;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
