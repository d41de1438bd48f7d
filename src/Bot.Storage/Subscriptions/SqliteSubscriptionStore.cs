using System.Globalization;
using Bot.Core.Subscriptions;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Bot.Storage.Subscriptions;

/// <summary>Subscriptions and their audit trail in SQLite. Plain SQL with parameters, portable to PostgreSQL.</summary>
public sealed class SqliteSubscriptionStore(SqliteDatabase database) : ISubscriptionStore
{
    private const string Columns = """
        id, platform, channel_id, guild_id, post_time, time_zone, occasions, enabled, paused_reason, mention_role_id,
        template, next_due_utc, next_local_date, consecutive_failures, last_post_at, last_post_occasion,
        last_post_local_date, last_post_message_id, last_error_at, last_error, bot_removed_at, changed_by, changed_at
        """;

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public async Task<Subscription?> FindAsync(string platform, string channelId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return FirstOrNull(await QueryAsync(connection, null, $"SELECT {Columns} FROM subscriptions WHERE platform = $platform AND channel_id = $channel",
            cancellationToken, ("$platform", platform), ("$channel", channelId)));
    }

    public async Task<Subscription?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return FirstOrNull(await QueryAsync(connection, null, $"SELECT {Columns} FROM subscriptions WHERE id = $id", cancellationToken, ("$id", id)));
    }

    public async Task<Subscription> SaveAsync(Subscription subscription, string action, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = subscription.Id == 0
            ? $"""
                INSERT INTO subscriptions (platform, channel_id, guild_id, post_time, time_zone, occasions, enabled, paused_reason,
                    mention_role_id, template, next_due_utc, next_local_date, consecutive_failures, last_post_at, last_post_occasion,
                    last_post_local_date, last_post_message_id, last_error_at, last_error, bot_removed_at, changed_by, changed_at)
                VALUES ($platform, $channel, $guild, $time, $zone, $occasions, $enabled, $paused, $role, $template, $due, $date,
                    $failures, $post_at, $post_occasion, $post_date, $post_message, $error_at, $error, $removed, $by, $at)
                RETURNING id
                """
            : """
                UPDATE subscriptions SET platform = $platform, channel_id = $channel, guild_id = $guild, post_time = $time,
                    time_zone = $zone, occasions = $occasions, enabled = $enabled, paused_reason = $paused, mention_role_id = $role,
                    template = $template, next_due_utc = $due, next_local_date = $date, consecutive_failures = $failures,
                    last_post_at = $post_at, last_post_occasion = $post_occasion, last_post_local_date = $post_date,
                    last_post_message_id = $post_message, last_error_at = $error_at, last_error = $error,
                    bot_removed_at = $removed, changed_by = $by, changed_at = $at
                WHERE id = $id
                RETURNING id
                """;
        Bind(command, subscription);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"Subscription {subscription.Id} no longer exists."), CultureInfo.InvariantCulture);
        var saved = subscription with { Id = id };
        await AuditAsync(connection, transaction, new AuditEntry(id, saved.Platform, saved.ChannelId, saved.ChangedAt, saved.ChangedBy, action, detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    public async Task<bool> DeleteAsync(long id, string changedBy, Instant at, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var existing = FirstOrNull(await QueryAsync(connection, transaction, $"SELECT {Columns} FROM subscriptions WHERE id = $id", cancellationToken, ("$id", id)));
        if (existing is null)
        {
            return false;
        }

        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM subscriptions WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, new AuditEntry(id, existing.Platform, existing.ChannelId, at, changedBy, "delete", detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<Subscription>> ByGuildAsync(string platform, string guildId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM subscriptions WHERE platform = $platform AND (guild_id = $guild OR (guild_id IS NULL AND channel_id = $guild))",
            cancellationToken, ("$platform", platform), ("$guild", guildId));
    }

    public async Task<IReadOnlyList<Subscription>> DueAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"""
            SELECT {Columns} FROM subscriptions
            WHERE enabled = 1 AND next_due_utc IS NOT NULL AND next_due_utc <= $now
            ORDER BY next_due_utc
            LIMIT $limit
            """, cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));
    }

    public async Task<IReadOnlyList<Subscription>> RemovedBeforeAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM subscriptions WHERE bot_removed_at IS NOT NULL AND bot_removed_at < $cutoff",
            cancellationToken, ("$cutoff", cutoff.ToUnixTimeMilliseconds()));
    }

    public Task RecordOutcomeAsync(long id, LastPost? post, LastError? failure, int consecutiveFailures, CancellationToken cancellationToken) =>
        database.ExecuteQueuedAsync("""
            UPDATE subscriptions SET consecutive_failures = $failures,
                last_post_at = COALESCE($post_at, last_post_at),
                last_post_occasion = COALESCE($post_occasion, last_post_occasion),
                last_post_local_date = COALESCE($post_date, last_post_local_date),
                last_post_message_id = CASE WHEN $post_at IS NULL THEN last_post_message_id ELSE $post_message END,
                last_error_at = COALESCE($error_at, last_error_at),
                last_error = COALESCE($error, last_error)
            WHERE id = $id
            """,
            [
                ("$id", id),
                ("$failures", consecutiveFailures),
                ("$post_at", post?.At.ToUnixTimeMilliseconds()),
                ("$post_occasion", post?.OccasionId),
                ("$post_date", post is null ? null : LocalDatePattern.Iso.Format(post.LocalDate)),
                ("$post_message", post?.MessageId),
                ("$error_at", failure?.At.ToUnixTimeMilliseconds()),
                ("$error", failure?.Reason),
            ],
            cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT subscription_id, platform, channel_id, changed_at, changed_by, action, detail
            FROM subscription_audit WHERE subscription_id = $id ORDER BY id
            """;
        command.Parameters.AddWithValue("$id", subscriptionId);
        var result = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new AuditEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Instant.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return result;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM subscriptions";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes many subscriptions in one transaction without audit entries (benchmarks and load tests).</summary>
    public async Task BulkInsertAsync(IEnumerable<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO subscriptions (platform, channel_id, guild_id, post_time, time_zone, occasions, enabled, paused_reason,
                mention_role_id, template, next_due_utc, next_local_date, consecutive_failures, last_post_at, last_post_occasion,
                last_post_local_date, last_post_message_id, last_error_at, last_error, bot_removed_at, changed_by, changed_at)
            VALUES ($platform, $channel, $guild, $time, $zone, $occasions, $enabled, $paused, $role, $template, $due, $date,
                $failures, $post_at, $post_occasion, $post_date, $post_message, $error_at, $error, $removed, $by, $at)
            """;
        foreach (var subscription in subscriptions)
        {
            command.Parameters.Clear();
            Bind(command, subscription);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    internal static async Task AuditAsync(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var audit = connection.CreateCommand();
        audit.Transaction = transaction;
        audit.CommandText = """
            INSERT INTO subscription_audit (subscription_id, platform, channel_id, changed_at, changed_by, action, detail)
            VALUES ($id, $platform, $channel, $at, $by, $action, $detail)
            """;
        audit.Parameters.AddWithValue("$id", entry.SubscriptionId);
        audit.Parameters.AddWithValue("$platform", entry.Platform);
        audit.Parameters.AddWithValue("$channel", entry.ChannelId);
        audit.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        audit.Parameters.AddWithValue("$by", entry.ChangedBy);
        audit.Parameters.AddWithValue("$action", entry.Action);
        audit.Parameters.AddWithValue("$detail", entry.Detail);
        await audit.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, Subscription s)
    {
        command.Parameters.AddWithValue("$id", s.Id);
        command.Parameters.AddWithValue("$platform", s.Platform);
        command.Parameters.AddWithValue("$channel", s.ChannelId);
        command.Parameters.AddWithValue("$guild", (object?)s.GuildId ?? DBNull.Value);
        command.Parameters.AddWithValue("$time", TimePattern.Format(s.PostTime));
        command.Parameters.AddWithValue("$zone", s.TimeZone);
        command.Parameters.AddWithValue("$occasions", s.Occasions.Serialize());
        command.Parameters.AddWithValue("$enabled", s.Enabled ? 1 : 0);
        command.Parameters.AddWithValue("$paused", (object?)s.PausedReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$role", (object?)s.MentionRoleId ?? DBNull.Value);
        command.Parameters.AddWithValue("$template", (object?)s.Template ?? DBNull.Value);
        command.Parameters.AddWithValue("$due", (object?)s.NextDueUtc?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$date", s.NextLocalDate is { } d ? LocalDatePattern.Iso.Format(d) : DBNull.Value);
        command.Parameters.AddWithValue("$failures", s.ConsecutiveFailures);
        command.Parameters.AddWithValue("$post_at", (object?)s.LastPost?.At.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$post_occasion", (object?)s.LastPost?.OccasionId ?? DBNull.Value);
        command.Parameters.AddWithValue("$post_date", s.LastPost is { } p ? LocalDatePattern.Iso.Format(p.LocalDate) : DBNull.Value);
        command.Parameters.AddWithValue("$post_message", (object?)s.LastPost?.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$error_at", (object?)s.LastError?.At.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)s.LastError?.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$removed", (object?)s.BotRemovedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$by", s.ChangedBy);
        command.Parameters.AddWithValue("$at", s.ChangedAt.ToUnixTimeMilliseconds());
    }

    private static async Task<IReadOnlyList<Subscription>> QueryAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static Subscription Read(SqliteDataReader r)
    {
        static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        static Instant? At(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(i));
        static LocalDate? Date(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : LocalDatePattern.Iso.Parse(r.GetString(i)).Value;

        return new Subscription
        {
            Id = r.GetInt64(0),
            Platform = r.GetString(1),
            ChannelId = r.GetString(2),
            GuildId = Text(r, 3),
            PostTime = TimePattern.Parse(r.GetString(4)).Value,
            TimeZone = r.GetString(5),
            Occasions = OccasionSelection.Deserialize(r.GetString(6)),
            Enabled = r.GetInt64(7) != 0,
            PausedReason = Text(r, 8),
            MentionRoleId = Text(r, 9),
            Template = Text(r, 10),
            NextDueUtc = At(r, 11),
            NextLocalDate = Date(r, 12),
            ConsecutiveFailures = r.GetInt32(13),
            LastPost = At(r, 14) is { } postAt ? new LastPost(postAt, Text(r, 15) ?? "", Date(r, 16) ?? default, Text(r, 17)) : null,
            LastError = At(r, 18) is { } errorAt ? new LastError(errorAt, Text(r, 19) ?? "") : null,
            BotRemovedAt = At(r, 20),
            ChangedBy = r.GetString(21),
            ChangedAt = Instant.FromUnixTimeMilliseconds(r.GetInt64(22)),
        };
    }

    private static T? FirstOrNull<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[0] : null;
}
