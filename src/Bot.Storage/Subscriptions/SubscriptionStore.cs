using System.Globalization;
using System.Text.Json;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;
using System.Data;
using System.Data.Common;
using NodaTime;
using NodaTime.Text;

namespace Bot.Storage.Subscriptions;

/// <summary>Subscriptions and their audit trail, in SQL that SQLite and PostgreSQL both run (<c>@name</c> parameters,
/// <c>RETURNING</c>, a boolean <c>enabled</c>): one implementation, so the two providers cannot drift apart. The
/// planner's claim, which does differ per provider, lives in the delivery ledger.</summary>
public abstract class SubscriptionStore : ISubscriptionStore
{
    /// <summary>A subscription's columns; its next due instant and date come from its row in the schedule, if any.</summary>
    private const string Columns = """
        s.id, s.platform, s.channel_id, s.guild_id, s.post_time, s.time_zone, s.occasions, s.enabled, s.paused_reason,
        s.mention_role_id, s.template, d.next_due_utc, d.next_local_date, s.consecutive_failures, s.last_post_at,
        s.last_post_occasion, s.last_post_local_date, s.last_post_message_id, s.last_error_at, s.last_error,
        s.bot_removed_at, s.changed_by, s.changed_at, s.own_occasions
        """;

    private const string Joined = "subscriptions s LEFT JOIN subscription_schedule d ON d.subscription_id = s.id";

    private const string Insert = """
        INSERT INTO subscriptions (platform, channel_id, guild_id, post_time, time_zone, occasions, enabled, paused_reason,
            mention_role_id, template, consecutive_failures, last_post_at, last_post_occasion, last_post_local_date,
            last_post_message_id, last_error_at, last_error, bot_removed_at, changed_by, changed_at, own_occasions)
        VALUES (@platform, @channel, @guild, @time, @zone, @occasions, @enabled, @paused, @role, @template,
            @failures, @post_at, @post_occasion, @post_date, @post_message, @error_at, @error, @removed, @by, @at, @own)
        RETURNING id
        """;

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async Task<Subscription?> FindAsync(string platform, string channelId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return FirstOrNull(await QueryAsync(connection, null, $"SELECT {Columns} FROM {Joined} WHERE s.platform = @platform AND s.channel_id = @channel",
            cancellationToken, ("@platform", platform), ("@channel", channelId)));
    }

    public async Task<Subscription?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return FirstOrNull(await QueryAsync(connection, null, $"SELECT {Columns} FROM {Joined} WHERE s.id = @id", cancellationToken, ("@id", id)));
    }

    public async Task<Subscription> SaveAsync(Subscription subscription, string action, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = subscription.Id == 0
            ? Insert
            : """
                UPDATE subscriptions SET platform = @platform, channel_id = @channel, guild_id = @guild, post_time = @time,
                    time_zone = @zone, occasions = @occasions, enabled = @enabled, paused_reason = @paused, mention_role_id = @role,
                    template = @template, consecutive_failures = @failures,
                    last_post_at = @post_at, last_post_occasion = @post_occasion, last_post_local_date = @post_date,
                    last_post_message_id = @post_message, last_error_at = @error_at, last_error = @error,
                    bot_removed_at = @removed, changed_by = @by, changed_at = @at, own_occasions = @own
                WHERE id = @id
                RETURNING id
                """;
        Bind(command, subscription);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"Subscription {subscription.Id} no longer exists."), CultureInfo.InvariantCulture);
        await ScheduleAsync(connection, transaction, id, subscription, replace: subscription.Id != 0, cancellationToken);
        var saved = subscription with { Id = id };
        await AuditAsync(connection, transaction, new AuditEntry(id, saved.Platform, saved.ChannelId, saved.ChangedAt, saved.ChangedBy, action, detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    public async Task<bool> DeleteAsync(long id, string changedBy, Instant at, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = FirstOrNull(await QueryAsync(connection, transaction, $"SELECT {Columns} FROM {Joined} WHERE s.id = @id", cancellationToken, ("@id", id)));
        if (existing is null)
        {
            return false;
        }

        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM subscription_schedule WHERE subscription_id = @id";
            Add(delete, "@id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            delete.CommandText = "DELETE FROM subscriptions WHERE id = @id";
            delete.Parameters.Clear();
            Add(delete, "@id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, new AuditEntry(id, existing.Platform, existing.ChannelId, at, changedBy, "delete", detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<Subscription>> ByGuildAsync(string platform, string guildId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM {Joined} WHERE s.platform = @platform AND (s.guild_id = @guild OR (s.guild_id IS NULL AND s.channel_id = @guild))",
            cancellationToken, ("@platform", platform), ("@guild", guildId));
    }

    /// <summary>The planner's query: a range of the schedule's primary key, costing the number of rows due whatever
    /// the number of subscriptions (the storage tests check its plan).</summary>
    public const string DueQuery = $"""
        SELECT {Columns} FROM subscription_schedule d JOIN subscriptions s ON s.id = d.subscription_id
        WHERE d.enabled AND d.next_due_utc <= @now
        ORDER BY d.next_due_utc, d.subscription_id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<Subscription>> DueAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, DueQuery, cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@limit", limit));
    }

    public async Task<IReadOnlyList<Subscription>> RemovedBeforeAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM {Joined} WHERE s.bot_removed_at IS NOT NULL AND s.bot_removed_at < @cutoff",
            cancellationToken, ("@cutoff", cutoff.ToUnixTimeMilliseconds()));
    }

    /// <summary>Records a send's outcome on the subscription; called once per delivery, so SQLite batches it.</summary>
    public virtual async Task RecordOutcomeAsync(long id, LastPost? post, LastError? failure, int consecutiveFailures, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = RecordOutcomeSql;
        foreach (var (name, value, type) in OutcomeParameters(id, post, failure, consecutiveFailures))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            if (type is { } stated)
            {
                parameter.DbType = stated;
            }

            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected const string RecordOutcomeSql = """
        UPDATE subscriptions SET consecutive_failures = @failures,
            last_post_at = COALESCE(@post_at, last_post_at),
            last_post_occasion = COALESCE(@post_occasion, last_post_occasion),
            last_post_local_date = COALESCE(@post_date, last_post_local_date),
            last_post_message_id = CASE WHEN @post_at IS NULL THEN last_post_message_id ELSE @post_message END,
            last_error_at = COALESCE(@error_at, last_error_at),
            last_error = COALESCE(@error, last_error)
        WHERE id = @id
        """;

    /// <summary>The outcome's parameters; the two instants have their type stated, since PostgreSQL cannot infer the
    /// type of a NULL tested with IS NULL.</summary>
    protected static IReadOnlyList<(string Name, object? Value, DbType? Type)> OutcomeParameters(long id, LastPost? post, LastError? failure, int consecutiveFailures) =>
    [
        ("@id", id, null),
        ("@failures", consecutiveFailures, null),
        ("@post_at", post?.At.ToUnixTimeMilliseconds(), DbType.Int64),
        ("@post_occasion", post?.OccasionId, null),
        ("@post_date", post is null ? null : LocalDatePattern.Iso.Format(post.LocalDate), null),
        ("@post_message", post?.MessageId, null),
        ("@error_at", failure?.At.ToUnixTimeMilliseconds(), DbType.Int64),
        ("@error", failure?.Reason, null),
    ];

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT subscription_id, platform, channel_id, changed_at, changed_by, action, detail
            FROM subscription_audit WHERE subscription_id = @id ORDER BY id
            """;
        Add(command, "@id", subscriptionId);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM subscriptions";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes many subscriptions in one transaction without audit entries (benchmarks and load tests).</summary>
    public async Task BulkInsertAsync(IEnumerable<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        foreach (var subscription in subscriptions)
        {
            command.Parameters.Clear();
            Bind(command, subscription);
            var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await ScheduleAsync(connection, transaction, id, subscription, replace: false, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task AuditAsync(DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var audit = connection.CreateCommand();
        audit.Transaction = transaction;
        audit.CommandText = """
            INSERT INTO subscription_audit (subscription_id, platform, channel_id, changed_at, changed_by, action, detail)
            VALUES (@id, @platform, @channel, @at, @by, @action, @detail)
            """;
        Add(audit, "@id", entry.SubscriptionId);
        Add(audit, "@platform", entry.Platform);
        Add(audit, "@channel", entry.ChannelId);
        Add(audit, "@at", entry.At.ToUnixTimeMilliseconds());
        Add(audit, "@by", entry.ChangedBy);
        Add(audit, "@action", entry.Action);
        Add(audit, "@detail", entry.Detail);
        await audit.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Puts the subscription's next due instant in the schedule (where the planner finds and claims it), or
    /// takes it out when there is none.</summary>
    private static async Task ScheduleAsync(DbConnection connection, DbTransaction transaction, long id, Subscription s, bool replace, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (replace)
        {
            command.CommandText = "DELETE FROM subscription_schedule WHERE subscription_id = @id";
            Add(command, "@id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.Parameters.Clear();
        }

        if (s.NextDueUtc is not { } due)
        {
            return;
        }

        command.CommandText = """
            INSERT INTO subscription_schedule (next_due_utc, subscription_id, next_local_date, enabled)
            VALUES (@due, @id, @date, @enabled)
            """;
        Add(command, "@due", due.ToUnixTimeMilliseconds());
        Add(command, "@id", id);
        Add(command, "@date", s.NextLocalDate is { } d ? LocalDatePattern.Iso.Format(d) : DBNull.Value);
        Add(command, "@enabled", s.Enabled);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(DbCommand command, Subscription s)
    {
        Add(command, "@id", s.Id);
        Add(command, "@platform", s.Platform);
        Add(command, "@channel", s.ChannelId);
        Add(command, "@guild", (object?)s.GuildId ?? DBNull.Value);
        Add(command, "@time", TimePattern.Format(s.PostTime));
        Add(command, "@zone", s.TimeZone);
        Add(command, "@occasions", s.Occasions.Serialize());
        Add(command, "@enabled", s.Enabled);
        Add(command, "@paused", (object?)s.PausedReason ?? DBNull.Value);
        Add(command, "@role", (object?)s.MentionRoleId ?? DBNull.Value);
        Add(command, "@template", (object?)s.Template ?? DBNull.Value);
        Add(command, "@failures", s.ConsecutiveFailures);
        Add(command, "@post_at", (object?)s.LastPost?.At.ToUnixTimeMilliseconds() ?? DBNull.Value);
        Add(command, "@post_occasion", (object?)s.LastPost?.OccasionId ?? DBNull.Value);
        Add(command, "@post_date", s.LastPost is { } p ? LocalDatePattern.Iso.Format(p.LocalDate) : DBNull.Value);
        Add(command, "@post_message", (object?)s.LastPost?.MessageId ?? DBNull.Value);
        Add(command, "@error_at", (object?)s.LastError?.At.ToUnixTimeMilliseconds() ?? DBNull.Value);
        Add(command, "@error", (object?)s.LastError?.Reason ?? DBNull.Value);
        Add(command, "@removed", (object?)s.BotRemovedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        Add(command, "@by", s.ChangedBy);
        Add(command, "@at", s.ChangedAt.ToUnixTimeMilliseconds());
        Add(command, "@own", s.OwnOccasions.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(s.OwnOccasions.Select(StoredOccasion.From), StoredOccasion.Options));
    }

    private static async Task<IReadOnlyList<Subscription>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        var result = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static Subscription Read(DbDataReader r)
    {
        static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        static Instant? At(DbDataReader r, int i) => r.IsDBNull(i) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(i));
        static LocalDate? Date(DbDataReader r, int i) => r.IsDBNull(i) ? null : LocalDatePattern.Iso.Parse(r.GetString(i)).Value;

        return new Subscription
        {
            Id = r.GetInt64(0),
            Platform = r.GetString(1),
            ChannelId = r.GetString(2),
            GuildId = Text(r, 3),
            PostTime = TimePattern.Parse(r.GetString(4)).Value,
            TimeZone = r.GetString(5),
            Occasions = OccasionSelection.Deserialize(r.GetString(6)),
            Enabled = r.GetBoolean(7),
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
            OwnOccasions = Text(r, 23) is { } own
                ? [.. (JsonSerializer.Deserialize<List<StoredOccasion>>(own, StoredOccasion.Options) ?? []).Select(o => o.ToOwnOccasion())]
                : [],
        };
    }

    /// <summary>One own occasion as the own_occasions column keeps it (instants as Unix milliseconds, as elsewhere).</summary>
    private sealed record StoredOccasion(string Id, int Month, int Day, int? Year, string Title, string AddedBy, long AddedAt)
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

        public static StoredOccasion From(OwnOccasion o) => new(o.Id, o.Month, o.Day, o.Year, o.Title, o.AddedBy, o.AddedAt.ToUnixTimeMilliseconds());

        public OwnOccasion ToOwnOccasion() => new(Id, Month, Day, Year, Title, AddedBy, Instant.FromUnixTimeMilliseconds(AddedAt));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static T? FirstOrNull<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[0] : null;
}
