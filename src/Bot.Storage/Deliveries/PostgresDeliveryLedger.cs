using Bot.Core.Scheduling;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace Bot.Storage.Deliveries;

/// <summary>The delivery ledger in PostgreSQL, shared by every instance of the bot. The planner's claim locks the due
/// subscriptions with <c>FOR UPDATE SKIP LOCKED</c> (two planners never wait on each other, and a subscription
/// locked by one is left to it), then makes the same compare-and-swap and <c>ON CONFLICT DO NOTHING</c> insert as the
/// SQLite ledger. Sending takes a lease (<c>claimed_by</c>, <c>lease_until</c>): an instance starts a row only if no
/// other live instance holds it, and <see cref="TakeOverAsync"/> hands unstarted rows and the in-flight rows of dead
/// instances to whoever asks, again with <c>SKIP LOCKED</c>.</summary>
public sealed class PostgresDeliveryLedger(PostgresDatabase database, DeliveryLease lease, TimeProvider time) : IDeliveryLedger, IDeliveryLeases
{
    private const string Columns = DeliveryRows.Columns;

    /// <summary>Rows no live instance holds: never started by anyone, or held by a lease that has run out.</summary>
    private const string Free = "(lease_until IS NULL OR lease_until <= @now)";

    public Task<IReadOnlyList<Delivery>> ClaimAsync(DeliveryClaim claim, CancellationToken cancellationToken) =>
        ClaimAllAsync([claim], cancellationToken);

    public async Task<IReadOnlyList<Delivery>> ClaimAllAsync(IReadOnlyList<DeliveryClaim> claims, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = new HashSet<long>();
        await using (var lockRows = new NpgsqlCommand("SELECT id FROM subscriptions WHERE id = ANY(@ids) FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            lockRows.Parameters.AddWithValue("@ids", claims.Select(c => c.SubscriptionId).ToArray());
            await using var reader = await lockRows.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                locked.Add(reader.GetInt64(0));
            }
        }

        var inserted = await DeliveryClaims.ClaimAsync(connection, transaction, claims.Where(c => locked.Contains(c.SubscriptionId)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Starts a row for this instance: only if nobody else holds a live lease on it. A row found
    /// <c>sending</c> (its sender died) is marked as resent, as in the SQLite ledger.</summary>
    public async Task<Delivery?> BeginSendAsync(long deliveryId, bool allowResend, Instant now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE deliveries
            SET resent_after_crash = resent_after_crash OR status = 'sending',
                status = 'sending', attempts = attempts + 1, next_attempt_utc = NULL,
                claimed_by = @me, lease_until = @until
            WHERE id = @id AND (status IN ('pending', 'failed_retryable') OR (@resend AND status = 'sending'))
              AND (claimed_by = @me OR {Free})
            RETURNING {Columns}
            """, connection);
        command.Parameters.AddWithValue("@id", deliveryId);
        command.Parameters.AddWithValue("@resend", allowResend);
        command.Parameters.AddWithValue("@me", lease.Instance);
        command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@until", (now + lease.Length).ToUnixTimeMilliseconds());
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public async Task<IReadOnlyList<Delivery>> TakeOverAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            WITH free AS (
                SELECT id FROM deliveries
                WHERE status IN ('pending', 'sending') AND (claimed_by = @me OR {Free})
                ORDER BY id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            )
            UPDATE deliveries d SET claimed_by = @me, lease_until = @until
            FROM free WHERE d.id = free.id
            RETURNING {string.Join(", ", Columns.Split(',', StringSplitOptions.TrimEntries).Select(c => "d." + c))}
            """, connection);
        command.Parameters.AddWithValue("@me", lease.Instance);
        command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@until", (now + lease.Length).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@limit", limit);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

    public async Task<Delivery?> GetAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM deliveries WHERE id = @id", connection);
        command.Parameters.AddWithValue("@id", deliveryId);
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public async Task<Delivery?> FindAsync(long subscriptionId, string occasionId, LocalDate localDate, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM deliveries WHERE subscription_id = @s AND occasion_id = @o AND local_date = @d", connection);
        command.Parameters.AddWithValue("@s", subscriptionId);
        command.Parameters.AddWithValue("@o", occasionId);
        command.Parameters.AddWithValue("@d", LocalDatePattern.Iso.Format(localDate));
        return DeliveryRows.FirstOrNull(await DeliveryRows.ReadAllAsync(command, cancellationToken));
    }

    public async Task MarkSentAsync(long deliveryId, string? messageId, string channelId, Instant at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE deliveries SET status = 'sent', sent_at = @at, message_id = @message, channel_id = @channel,
                next_attempt_utc = NULL, lease_until = NULL
            WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("@id", deliveryId);
        command.Parameters.AddWithValue("@at", at.ToUnixTimeMilliseconds());
        command.Parameters.Add(new NpgsqlParameter<string?>("@message", messageId));
        command.Parameters.AddWithValue("@channel", channelId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A retry is anyone's: the lease is released, and the planner's instance (or any other) picks it up when due.</summary>
    public async Task MarkRetryAsync(long deliveryId, Instant nextAttempt, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE deliveries SET status = 'failed_retryable', next_attempt_utc = @next, last_error = @error, lease_until = NULL
            WHERE id = @id AND status <> 'sent'
            """, connection);
        command.Parameters.AddWithValue("@id", deliveryId);
        command.Parameters.AddWithValue("@next", nextAttempt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@error", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(long deliveryId, DeliveryStatus status, string reason, Instant at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE deliveries SET status = @status, last_error = @error, next_attempt_utc = NULL, lease_until = NULL
            WHERE id = @id AND status <> 'sent'
            """, connection);
        command.Parameters.AddWithValue("@id", deliveryId);
        command.Parameters.AddWithValue("@status", DeliveryRows.Name(status));
        command.Parameters.AddWithValue("@error", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Delivery>> DueRetriesAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM deliveries
            WHERE status = 'failed_retryable' AND next_attempt_utc <= @now
            ORDER BY next_attempt_utc LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@limit", limit);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>At start: the open rows this instance may recover now (the same as a take-over): rows other live
    /// instances hold are left to them, and those of dead instances wait for their lease to run out.</summary>
    public Task<IReadOnlyList<Delivery>> UnconfirmedAsync(int limit, CancellationToken cancellationToken) =>
        TakeOverAsync(Instant.FromDateTimeOffset(time.GetUtcNow()), limit, cancellationToken);

    public async Task<IReadOnlyList<Delivery>> ForSubscriptionAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM deliveries WHERE subscription_id = @s ORDER BY local_date, occasion_id", connection);
        command.Parameters.AddWithValue("@s", subscriptionId);
        return await DeliveryRows.ReadAllAsync(command, cancellationToken);
    }

}
