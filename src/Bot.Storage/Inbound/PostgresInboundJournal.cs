using Bot.Core.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Storage.Inbound;

/// <summary>The inbound journal in the shared PostgreSQL store (<c>Schema/Postgres/015_inbound_journal.sql</c>): one
/// cursor per platform account for the whole cluster, so whichever instance reads the feed next resumes where the
/// last one confirmed; and the unhandled entries, each held by the instance that recorded it for <see cref="Lease"/>.
/// Pending entries are loaded (at an instance's start) only when no live instance holds them: those of an instance
/// that died.</summary>
public sealed class PostgresInboundJournal(PostgresDatabase database, string instanceId, TimeProvider? time = null) : IInboundJournal
{
    /// <summary>How long an instance holds an entry it recorded and has not handled; longer than any handling takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<long?> LoadCursorAsync(string platform, long account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT next_cursor FROM inbound_cursors WHERE platform = @platform AND account_id = @account", connection);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("account", account);
        return await command.ExecuteScalarAsync(cancellationToken) is long cursor ? cursor : null;
    }

    public async Task<IReadOnlyList<InboundEntry>> RecordAsync(string platform, long account, IReadOnlyList<InboundEntry> entries, long? cursor, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fresh = new List<InboundEntry>();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO inbound_entries (platform, account_id, entry_id, lane, payload, received_at, claimed_by, lease_until)
            VALUES (@platform, @account, @id, @lane, @payload, @at, @me, @lease)
            ON CONFLICT (platform, account_id, entry_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("platform", platform);
            insert.Parameters.AddWithValue("account", account);
            var id = insert.Parameters.Add(new NpgsqlParameter<long>("id", 0L));
            var lane = insert.Parameters.Add(new NpgsqlParameter("lane", NpgsqlDbType.Bigint));
            var payload = insert.Parameters.Add(new NpgsqlParameter<string>("payload", ""));
            insert.Parameters.AddWithValue("at", now);
            insert.Parameters.AddWithValue("me", instanceId);
            insert.Parameters.AddWithValue("lease", now + (long)Lease.TotalMilliseconds);
            foreach (var entry in entries)
            {
                id.Value = entry.Id;
                lane.Value = (object?)entry.Lane ?? DBNull.Value;
                payload.Value = entry.Payload;
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    fresh.Add(entry);
                }
            }
        }

        if (cursor is { } next)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO inbound_cursors (platform, account_id, next_cursor, updated_at) VALUES (@platform, @account, @cursor, @at)
                ON CONFLICT (platform, account_id) DO UPDATE SET
                    next_cursor = GREATEST(inbound_cursors.next_cursor, excluded.next_cursor),
                    updated_at = excluded.updated_at
                """, connection, transaction);
            upsert.Parameters.AddWithValue("platform", platform);
            upsert.Parameters.AddWithValue("account", account);
            upsert.Parameters.AddWithValue("cursor", next);
            upsert.Parameters.AddWithValue("at", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = new NpgsqlCommand("""
            DELETE FROM inbound_entries
            WHERE platform = @platform AND account_id = @account AND handled_at IS NOT NULL AND handled_at < @cutoff
            """, connection, transaction))
        {
            prune.Parameters.AddWithValue("platform", platform);
            prune.Parameters.AddWithValue("account", account);
            prune.Parameters.AddWithValue("cutoff", now - (long)SqliteInboundJournal.KeepHandled.TotalMilliseconds);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    /// <summary>Takes (leases to this instance) the unhandled entries that are its own or whose holder's lease has run
    /// out. Two instances loading at once get disjoint sets: the second's update re-reads each row the first took.</summary>
    public async Task<IReadOnlyList<InboundEntry>> LoadPendingAsync(string platform, long account, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE inbound_entries SET claimed_by = @me, lease_until = @lease
            WHERE platform = @platform AND account_id = @account AND handled_at IS NULL
              AND (claimed_by IS NULL OR claimed_by = @me OR lease_until IS NULL OR lease_until <= @now)
            RETURNING entry_id, lane, payload
            """, connection);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("me", instanceId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease", now + (long)Lease.TotalMilliseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = await InboundEntryReader.ReadAllAsync(reader, cancellationToken);
        return [.. entries.OrderBy(e => e.Id)];
    }

    public async Task MarkHandledAsync(string platform, long account, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE inbound_entries SET handled_at = @at, payload = NULL, claimed_by = NULL, lease_until = NULL
            WHERE platform = @platform AND account_id = @account AND entry_id = @id AND handled_at IS NULL
            """, connection);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("at", Now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
