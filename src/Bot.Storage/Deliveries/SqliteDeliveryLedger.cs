using Bot.Core.Scheduling;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Bot.Storage.Deliveries;

/// <summary>The delivery ledger in SQLite. The claim is a compare-and-swap on the subscription's row in the schedule
/// plus <c>INSERT … ON CONFLICT DO NOTHING</c> on the ledger's unique key, in one transaction: any number of
/// claimers (threads, processes, instances) get each post at most once. On PostgreSQL the same claim reads the due
/// rows with <c>FOR UPDATE SKIP LOCKED</c> instead of relying on SQLite's single writer.</summary>
public sealed class SqliteDeliveryLedger(SqliteDatabase database) : IDeliveryLedger
{
    private const string Columns = DeliveryRows.Columns;

    public Task<IReadOnlyList<Delivery>> ClaimAsync(DeliveryClaim claim, CancellationToken cancellationToken) =>
        ClaimAllAsync([claim], cancellationToken);

    public async Task<IReadOnlyList<Delivery>> ClaimAllAsync(IReadOnlyList<DeliveryClaim> claims, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        // The compare-and-swap: the schedule row moves on only if it is still where the planner read it.
        await using var advance = connection.CreateCommand();
        advance.Transaction = transaction;
        advance.CommandText = """
            UPDATE subscription_schedule SET next_due_utc = $next, next_local_date = $next_date
            WHERE next_due_utc = $expected AND subscription_id = $id AND enabled = 1
            """;
        var id = advance.Parameters.Add("$id", SqliteType.Integer);
        var expected = advance.Parameters.Add("$expected", SqliteType.Integer);
        var next = advance.Parameters.Add("$next", SqliteType.Integer);
        var nextDate = advance.Parameters.Add("$next_date", SqliteType.Text);

        // A subscription with no posts ahead (no occasions left to it) leaves the schedule.
        await using var finish = connection.CreateCommand();
        finish.Transaction = transaction;
        finish.CommandText = """
            DELETE FROM subscription_schedule WHERE next_due_utc = $expected AND subscription_id = $id AND enabled = 1
            """;
        var finishedId = finish.Parameters.Add("$id", SqliteType.Integer);
        var finishedExpected = finish.Parameters.Add("$expected", SqliteType.Integer);

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO deliveries (subscription_id, occasion_id, local_date, due_utc, deadline_utc, idempotency_key, status,
                attempts, next_attempt_utc, claimed_at, last_error)
            VALUES ($subscription, $occasion, $date, $due, $deadline, $key, $status, 0, NULL, $claimed, $error)
            ON CONFLICT (subscription_id, occasion_id, local_date) DO NOTHING
            RETURNING id
            """;
        var subscription = insert.Parameters.Add("$subscription", SqliteType.Integer);
        var occasion = insert.Parameters.Add("$occasion", SqliteType.Text);
        var date = insert.Parameters.Add("$date", SqliteType.Text);
        var due = insert.Parameters.Add("$due", SqliteType.Integer);
        var deadline = insert.Parameters.Add("$deadline", SqliteType.Integer);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var claimed = insert.Parameters.Add("$claimed", SqliteType.Integer);
        var error = insert.Parameters.Add("$error", SqliteType.Text);

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

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    public async Task<Delivery?> BeginSendAsync(long deliveryId, bool allowResend, Instant now, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"""
            UPDATE deliveries
            SET resent_after_crash = CASE WHEN status = 'sending' THEN 1 ELSE resent_after_crash END,
                status = 'sending', attempts = attempts + 1, next_attempt_utc = NULL
            WHERE id = $id AND (status IN ('pending', 'failed_retryable') OR ($resend = 1 AND status = 'sending'))
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$id", deliveryId);
        command.Parameters.AddWithValue("$resend", allowResend ? 1 : 0);
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public async Task<Delivery?> GetAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE id = $id";
        command.Parameters.AddWithValue("$id", deliveryId);
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public async Task<Delivery?> FindAsync(long subscriptionId, string occasionId, LocalDate localDate, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE subscription_id = $s AND occasion_id = $o AND local_date = $d";
        command.Parameters.AddWithValue("$s", subscriptionId);
        command.Parameters.AddWithValue("$o", occasionId);
        command.Parameters.AddWithValue("$d", LocalDatePattern.Iso.Format(localDate));
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public Task MarkSentAsync(long deliveryId, string? messageId, string channelId, Instant at, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries SET status = 'sent', sent_at = $at, message_id = $message, channel_id = $channel, next_attempt_utc = NULL
            WHERE id = $id
            """, cancellationToken, ("$id", deliveryId), ("$at", at.ToUnixTimeMilliseconds()), ("$message", messageId), ("$channel", channelId));

    public Task MarkRetryAsync(long deliveryId, Instant nextAttempt, string reason, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries SET status = 'failed_retryable', next_attempt_utc = $next, last_error = $error
            WHERE id = $id AND status <> 'sent'
            """, cancellationToken, ("$id", deliveryId), ("$next", nextAttempt.ToUnixTimeMilliseconds()), ("$error", reason));

    public Task MarkFailedAsync(long deliveryId, DeliveryStatus status, string reason, Instant at, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries SET status = $status, last_error = $error, next_attempt_utc = NULL
            WHERE id = $id AND status <> 'sent'
            """, cancellationToken, ("$id", deliveryId), ("$status", DeliveryRows.Name(status)), ("$error", reason));

    public async Task<IReadOnlyList<Delivery>> DueRetriesAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM deliveries
            WHERE status = 'failed_retryable' AND next_attempt_utc <= $now
            ORDER BY next_attempt_utc LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Delivery>> UnconfirmedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE status IN ('pending', 'sending') ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Delivery>> ForSubscriptionAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE subscription_id = $s ORDER BY local_date, occasion_id";
        command.Parameters.AddWithValue("$s", subscriptionId);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        database.ExecuteQueuedAsync(sql, parameters, cancellationToken);
}
