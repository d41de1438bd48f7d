using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bot.Storage.Telegram;

/// <summary>A Telegram update as stored: its id, its chat and its Bot API JSON.</summary>
public sealed record TelegramUpdateRow(int UpdateId, long? ChatId, string Payload);

/// <summary>The Telegram adapter's intake tables (<c>010_telegram.sql</c>): the getUpdates offset per bot and the
/// updates received but not yet handled. Storing a batch and moving the offset past it happen in one transaction.</summary>
public interface ITelegramUpdateRepository
{
    Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken);

    /// <summary>Inserts the updates not stored before and moves the offset forward (never back), atomically; returns
    /// the updates that were new.</summary>
    Task<IReadOnlyList<TelegramUpdateRow>> SaveAsync(long botId, IReadOnlyList<TelegramUpdateRow> updates, int? nextOffset, CancellationToken cancellationToken);

    /// <summary>The stored updates not yet handled that this instance may handle, oldest first.</summary>
    Task<IReadOnlyList<TelegramUpdateRow>> LoadPendingAsync(long botId, CancellationToken cancellationToken);

    Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken);
}

/// <summary>The intake tables in the SQLite store (one instance: every pending update is its own).</summary>
public sealed class TelegramUpdateRepository(SqliteDatabase database, TimeProvider? time = null) : ITelegramUpdateRepository
{
    /// <summary>How long handled update ids are kept to recognise redeliveries.</summary>
    public static readonly TimeSpan KeepHandled = TimeSpan.FromDays(7);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_offset FROM telegram_offsets WHERE bot_id = $bot";
        command.Parameters.AddWithValue("$bot", botId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<TelegramUpdateRow>> SaveAsync(long botId, IReadOnlyList<TelegramUpdateRow> updates, int? nextOffset, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var fresh = new List<TelegramUpdateRow>();
        foreach (var update in updates)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO telegram_updates (bot_id, update_id, chat_id, payload, received_at)
                VALUES ($bot, $id, $chat, $payload, $at)
                """;
            insert.Parameters.AddWithValue("$bot", botId);
            insert.Parameters.AddWithValue("$id", update.UpdateId);
            insert.Parameters.AddWithValue("$chat", (object?)update.ChatId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$payload", update.Payload);
            insert.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                fresh.Add(update);
            }
        }

        if (nextOffset is { } offset)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO telegram_offsets (bot_id, next_offset, updated_at) VALUES ($bot, $offset, $at)
                ON CONFLICT (bot_id) DO UPDATE SET
                    next_offset = max(next_offset, excluded.next_offset),
                    updated_at = excluded.updated_at
                """;
            upsert.Parameters.AddWithValue("$bot", botId);
            upsert.Parameters.AddWithValue("$offset", offset);
            upsert.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = "DELETE FROM telegram_updates WHERE bot_id = $bot AND handled_at IS NOT NULL AND handled_at < $cutoff";
            prune.Parameters.AddWithValue("$bot", botId);
            prune.Parameters.AddWithValue("$cutoff", (now - KeepHandled).ToString("O", CultureInfo.InvariantCulture));
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    public async Task<IReadOnlyList<TelegramUpdateRow>> LoadPendingAsync(long botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT update_id, chat_id, payload FROM telegram_updates
            WHERE bot_id = $bot AND handled_at IS NULL
            ORDER BY update_id
            """;
        command.Parameters.AddWithValue("$bot", botId);
        var rows = new List<TelegramUpdateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TelegramUpdateRow(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2)));
        }

        return rows;
    }

    public async Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE telegram_updates SET handled_at = $at, payload = NULL
            WHERE bot_id = $bot AND update_id = $id AND handled_at IS NULL
            """;
        command.Parameters.AddWithValue("$bot", botId);
        command.Parameters.AddWithValue("$id", updateId);
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
