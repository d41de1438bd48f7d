using System.Diagnostics;
using Bot.Core.Subscriptions;
using Bot.Storage.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Storage.Tests.Subscriptions;

public sealed class SubscriptionStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteSubscriptionStore _store;

    public SubscriptionStoreTests() => _store = new SqliteSubscriptionStore(_db.Database);

    public void Dispose() => _db.Dispose();

    private static Subscription New(string channel, Instant? due = null) => new()
    {
        Platform = "telegram",
        ChannelId = channel,
        GuildId = channel,
        ChangedBy = "mod (1)",
        ChangedAt = Instant.FromUtc(2027, 1, 1, 0, 0),
        NextDueUtc = due,
        NextLocalDate = due is null ? null : new LocalDate(2027, 1, 7),
    };

    [Fact]
    public async Task Saved_subscription_reads_back_whole()
    {
        var saved = await _store.SaveAsync(New("-100") with
        {
            PostTime = new LocalTime(18, 30),
            TimeZone = "America/St_Johns",
            Occasions = new OccasionSelection(OccasionMode.List, ["dec2", "jan7"]),
            MentionRoleId = "42",
            Template = "{title}",
            LastPost = new LastPost(Instant.FromUtc(2026, 1, 7, 2, 0), "jan7", new LocalDate(2026, 1, 7), "m1"),
            LastError = new LastError(Instant.FromUtc(2026, 1, 8, 2, 0), "429"),
        }, "subscribe", "created", CancellationToken.None);

        var read = await _store.FindAsync("telegram", "-100", CancellationToken.None);
        read.ShouldBe(saved);
    }

    [Fact]
    public async Task Every_change_is_audited_with_who_when_what_and_survives_deletion()
    {
        var saved = await _store.SaveAsync(New("-1"), "subscribe", "time 09:00", CancellationToken.None);
        await _store.SaveAsync(saved with { PostTime = new LocalTime(7, 0), ChangedBy = "alice (7)", ChangedAt = Instant.FromUtc(2027, 1, 2, 0, 0) }, "time", "time 07:00", CancellationToken.None);
        await _store.DeleteAsync(saved.Id, "bob (8)", Instant.FromUtc(2027, 1, 3, 0, 0), "unsubscribed", CancellationToken.None);

        var audit = await _store.AuditAsync(saved.Id, CancellationToken.None);
        audit.Select(a => (a.Action, a.ChangedBy, a.Detail)).ShouldBe(
        [
            ("subscribe", "mod (1)", "time 09:00"),
            ("time", "alice (7)", "time 07:00"),
            ("delete", "bob (8)", "unsubscribed"),
        ]);
        audit[2].At.ShouldBe(Instant.FromUtc(2027, 1, 3, 0, 0));
        (await _store.GetAsync(saved.Id, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_channel_has_one_subscription()
    {
        await _store.SaveAsync(New("-5"), "subscribe", "", CancellationToken.None);
        await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() => _store.SaveAsync(New("-5"), "subscribe", "", CancellationToken.None));
        (await _store.AuditAsync(2, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Due_query_returns_only_enabled_due_rows_earliest_first()
    {
        var now = Instant.FromUtc(2027, 1, 7, 2, 0);
        await _store.SaveAsync(New("a", now - Duration.FromMinutes(1)), "s", "", CancellationToken.None);
        await _store.SaveAsync(New("b", now - Duration.FromMinutes(5)), "s", "", CancellationToken.None);
        await _store.SaveAsync(New("c", now + Duration.FromMinutes(1)), "s", "", CancellationToken.None);
        await _store.SaveAsync(New("d", now - Duration.FromMinutes(9)) with { Enabled = false }, "s", "", CancellationToken.None);
        await _store.SaveAsync(New("e"), "s", "", CancellationToken.None);

        var due = await _store.DueAsync(now, 100, CancellationToken.None);
        due.Select(s => s.ChannelId).ShouldBe(["b", "a"]);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_stores_due_query_is_a_range_scan_of_the_schedule_with_100000_subscriptions()
    {
        var now = Instant.FromUtc(2027, 1, 7, 2, 0);
        var zones = new[] { "Asia/Phnom_Penh", "America/New_York", "Europe/London", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu" };
        // Spread over a year of due instants; 100 are due now.
        await _store.BulkInsertAsync(Enumerable.Range(0, 100_000).Select(i => New($"c{i}", i < 100
            ? now - Duration.FromSeconds(i)
            : now + Duration.FromMinutes(1 + (i % 525_600))) with { TimeZone = zones[i % zones.Length] }), CancellationToken.None);

        await using (var connection = await _db.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await using var plan = connection.CreateCommand();
            plan.CommandText = "EXPLAIN QUERY PLAN " + SubscriptionStore.DueQuery;
            plan.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
            plan.Parameters.AddWithValue("@limit", 2000);
            var detail = string.Join(" | ", await ReadAllAsync(plan));
            detail.ShouldContain("SEARCH d USING PRIMARY KEY (next_due_utc<?)");
            detail.ShouldNotContain("SCAN");
            detail.ShouldNotContain("TEMP B-TREE");
        }

        var watch = Stopwatch.StartNew();
        var due = await _store.DueAsync(now, 2000, CancellationToken.None);
        watch.Stop();
        due.Count.ShouldBe(100);
        TestContext.Current.TestOutputHelper?.WriteLine($"100 due of 100,000 read in {watch.Elapsed.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task A_subscription_without_a_next_due_instant_has_no_row_in_the_schedule()
    {
        var now = Instant.FromUtc(2027, 1, 7, 2, 0);
        var saved = await _store.SaveAsync(New("a", now - Duration.FromMinutes(1)), "s", "", CancellationToken.None);
        await _store.SaveAsync(saved with { Enabled = false, NextDueUtc = null, NextLocalDate = null }, "pause", "", CancellationToken.None);

        (await ScheduleRowsAsync()).ShouldBe(0);
        (await _store.DueAsync(now, 100, CancellationToken.None)).ShouldBeEmpty();
        (await _store.GetAsync(saved.Id, CancellationToken.None))!.NextDueUtc.ShouldBeNull();
    }

    [Fact]
    public async Task Deleting_a_subscription_takes_it_out_of_the_schedule()
    {
        var now = Instant.FromUtc(2027, 1, 7, 2, 0);
        var saved = await _store.SaveAsync(New("a", now - Duration.FromMinutes(1)), "s", "", CancellationToken.None);

        await _store.DeleteAsync(saved.Id, "bob (8)", now, "unsubscribed", CancellationToken.None);

        (await ScheduleRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_store_from_before_the_schedule_table_keeps_every_next_due_instant_when_upgraded()
    {
        var path = Path.Combine(_db.Folder, "old.db");
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            foreach (var script in SchemaScripts.For("Sqlite").Where(s => s.Version < 13))
            {
                create.CommandText = script.Sql;
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                create.CommandText = $"INSERT INTO schema_version VALUES ({script.Version}, '{script.Name}', '2026-11-25')";
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            create.CommandText = """
                INSERT INTO subscriptions (id, platform, channel_id, post_time, time_zone, occasions, enabled, next_due_utc,
                    next_local_date, changed_by, changed_at)
                VALUES (1, 'telegram', 'due', '09:00', 'Europe/Berlin', 'all', 1, 1799308800000, '2027-01-07', 'mod (1)', 0),
                       (2, 'telegram', 'paused', '09:00', 'Europe/Berlin', 'all', 0, NULL, NULL, 'mod (1)', 0)
                """;
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var upgraded = new SqliteSubscriptionStore(new SqliteDatabase($"Data Source={path}"));

        var due = await upgraded.FindAsync("telegram", "due", CancellationToken.None);
        due!.NextDueUtc.ShouldBe(Instant.FromUnixTimeMilliseconds(1799308800000));
        due.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 7));
        (await upgraded.FindAsync("telegram", "paused", CancellationToken.None))!.NextDueUtc.ShouldBeNull();
        (await upgraded.DueAsync(Instant.FromUnixTimeMilliseconds(1799308800000), 10, CancellationToken.None)).Select(s => s.ChannelId).ShouldBe(["due"]);
    }

    private async Task<long> ScheduleRowsAsync()
    {
        await using var connection = await _db.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM subscription_schedule";
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<List<string>> ReadAllAsync(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(3));
        }

        return rows;
    }
}
