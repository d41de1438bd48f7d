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
        var inserted = await DeliveryClaims.ClaimAsync(connection, transaction, claims, cancellationToken);
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
