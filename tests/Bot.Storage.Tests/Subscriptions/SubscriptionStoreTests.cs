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
    public async Task Due_query_is_an_index_range_scan_with_100000_subscriptions()
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
            plan.CommandText = "EXPLAIN QUERY PLAN SELECT id FROM subscriptions WHERE enabled = 1 AND next_due_utc IS NOT NULL AND next_due_utc <= 1 ORDER BY next_due_utc LIMIT 10";
            var detail = string.Join(" | ", await ReadAllAsync(plan));
            detail.ShouldContain("ix_subscriptions_due");
            detail.ShouldNotContain("SCAN subscriptions");
        }

        var watch = Stopwatch.StartNew();
        var due = await _store.DueAsync(now, 2000, CancellationToken.None);
        watch.Stop();
        due.Count.ShouldBe(100);
        TestContext.Current.TestOutputHelper?.WriteLine($"100 due of 100,000 read in {watch.Elapsed.TotalMilliseconds:0.0} ms");
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
