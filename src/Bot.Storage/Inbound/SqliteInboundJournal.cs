using System.Globalization;
using Bot.Core.Messaging;
using Microsoft.Data.Sqlite;

namespace Bot.Storage.Inbound;

/// <summary>The inbound journal in the SQLite store (<c>015_inbound_journal.sql</c>); one instance, so every pending
/// entry is its own. Recording a batch and moving the cursor past it happen in one transaction.</summary>
public sealed class SqliteInboundJournal(SqliteDatabase database, TimeProvider? time = null) : IInboundJournal
{
    /// <summary>How long handled entry ids are kept to recognise copies.</summary>
    public static readonly TimeSpan KeepHandled = TimeSpan.FromDays(7);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<long?> LoadCursorAsync(string platform, long account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_cursor FROM inbound_cursors WHERE platform = $platform AND account_id = $account";
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$account", account);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<InboundEntry>> RecordAsync(string platform, long account, IReadOnlyList<InboundEntry> entries, long? cursor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var fresh = new List<InboundEntry>();
        foreach (var entry in entries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO inbound_entries (platform, account_id, entry_id, lane, payload, received_at)
                VALUES ($platform, $account, $id, $lane, $payload, $at)
                """;
            insert.Parameters.AddWithValue("$platform", platform);
            insert.Parameters.AddWithValue("$account", account);
            insert.Parameters.AddWithValue("$id", entry.Id);
            insert.Parameters.AddWithValue("$lane", (object?)entry.Lane ?? DBNull.Value);
            insert.Parameters.AddWithValue("$payload", entry.Payload);
            insert.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                fresh.Add(entry);
            }
        }

        if (cursor is { } next)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO inbound_cursors (platform, account_id, next_cursor, updated_at) VALUES ($platform, $account, $cursor, $at)
                ON CONFLICT (platform, account_id) DO UPDATE SET
                    next_cursor = max(next_cursor, excluded.next_cursor),
                    updated_at = excluded.updated_at
                """;
            upsert.Parameters.AddWithValue("$platform", platform);
            upsert.Parameters.AddWithValue("$account", account);
            upsert.Parameters.AddWithValue("$cursor", next);
            upsert.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = """
                DELETE FROM inbound_entries
                WHERE platform = $platform AND account_id = $account AND handled_at IS NOT NULL AND handled_at < $cutoff
                """;
            prune.Parameters.AddWithValue("$platform", platform);
            prune.Parameters.AddWithValue("$account", account);
            prune.Parameters.AddWithValue("$cutoff", (now - KeepHandled).ToString("O", CultureInfo.InvariantCulture));
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    public async Task<IReadOnlyList<InboundEntry>> LoadPendingAsync(string platform, long account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT entry_id, lane, payload FROM inbound_entries
            WHERE platform = $platform AND account_id = $account AND handled_at IS NULL
            ORDER BY entry_id
            """;
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$account", account);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await InboundEntryReader.ReadAllAsync(reader, cancellationToken);
    }

    public async Task MarkHandledAsync(string platform, long account, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE inbound_entries SET handled_at = $at, payload = NULL
            WHERE platform = $platform AND account_id = $account AND entry_id = $id AND handled_at IS NULL
            """;
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
