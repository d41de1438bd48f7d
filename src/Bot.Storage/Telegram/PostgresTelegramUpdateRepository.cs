using Npgsql;
using NpgsqlTypes;

namespace Bot.Storage.Telegram;

/// <summary>The intake tables in the shared PostgreSQL store (<c>Schema/Postgres/010_telegram.sql</c>): one getUpdates
/// offset per bot for the whole cluster, so whichever instance polls next resumes where the last one confirmed; and
/// the unhandled updates, each held by the instance that stored it for <see cref="Lease"/>. Pending updates are
/// loaded (at an instance's start) only when no live instance holds them: those of an instance that died.</summary>
public sealed class PostgresTelegramUpdateRepository(PostgresDatabase database, string instanceId, TimeProvider? time = null) : ITelegramUpdateRepository
{
    /// <summary>How long an instance holds an update it stored and has not handled; longer than any handling takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT next_offset FROM telegram_offsets WHERE bot_id = @bot", connection);
        command.Parameters.AddWithValue("bot", botId);
        return await command.ExecuteScalarAsync(cancellationToken) is int offset ? offset : null;
    }

    public async Task<IReadOnlyList<TelegramUpdateRow>> SaveAsync(long botId, IReadOnlyList<TelegramUpdateRow> updates, int? nextOffset, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fresh = new List<TelegramUpdateRow>();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO telegram_updates (bot_id, update_id, chat_id, payload, received_at, claimed_by, lease_until)
            VALUES (@bot, @id, @chat, @payload, @at, @me, @lease)
            ON CONFLICT (bot_id, update_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("bot", botId);
            var id = insert.Parameters.Add(new NpgsqlParameter<int>("id", 0));
            var chat = insert.Parameters.Add(new NpgsqlParameter("chat", NpgsqlDbType.Bigint));
            var payload = insert.Parameters.Add(new NpgsqlParameter<string>("payload", ""));
            insert.Parameters.AddWithValue("at", now);
            insert.Parameters.AddWithValue("me", instanceId);
            insert.Parameters.AddWithValue("lease", now + (long)Lease.TotalMilliseconds);
            foreach (var update in updates)
            {
                id.Value = update.UpdateId;
                chat.Value = (object?)update.ChatId ?? DBNull.Value;
                payload.Value = update.Payload;
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    fresh.Add(update);
                }
            }
        }

        if (nextOffset is { } offset)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO telegram_offsets (bot_id, next_offset, updated_at) VALUES (@bot, @offset, @at)
                ON CONFLICT (bot_id) DO UPDATE SET
                    next_offset = GREATEST(telegram_offsets.next_offset, excluded.next_offset),
                    updated_at = excluded.updated_at
                """, connection, transaction);
            upsert.Parameters.AddWithValue("bot", botId);
            upsert.Parameters.AddWithValue("offset", offset);
            upsert.Parameters.AddWithValue("at", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = new NpgsqlCommand(
            "DELETE FROM telegram_updates WHERE bot_id = @bot AND handled_at IS NOT NULL AND handled_at < @cutoff", connection, transaction))
        {
            prune.Parameters.AddWithValue("bot", botId);
            prune.Parameters.AddWithValue("cutoff", now - (long)TelegramUpdateRepository.KeepHandled.TotalMilliseconds);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    /// <summary>Takes (leases to this instance) the unhandled updates that are its own or whose holder's lease has run
    /// out. Two instances loading at once get disjoint sets: the second's update re-reads each row the first took.</summary>
    public async Task<IReadOnlyList<TelegramUpdateRow>> LoadPendingAsync(long botId, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE telegram_updates SET claimed_by = @me, lease_until = @lease
            WHERE bot_id = @bot AND handled_at IS NULL
              AND (claimed_by IS NULL OR claimed_by = @me OR lease_until IS NULL OR lease_until <= @now)
            RETURNING update_id, chat_id, payload
            """, connection);
        command.Parameters.AddWithValue("bot", botId);
        command.Parameters.AddWithValue("me", instanceId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease", now + (long)Lease.TotalMilliseconds);
        var rows = new List<TelegramUpdateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TelegramUpdateRow(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2)));
        }

        return [.. rows.OrderBy(r => r.UpdateId)];
    }

    public async Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE telegram_updates SET handled_at = @at, payload = NULL, claimed_by = NULL, lease_until = NULL
            WHERE bot_id = @bot AND update_id = @id AND handled_at IS NULL
            """, connection);
        command.Parameters.AddWithValue("bot", botId);
        command.Parameters.AddWithValue("id", updateId);
        command.Parameters.AddWithValue("at", Now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
