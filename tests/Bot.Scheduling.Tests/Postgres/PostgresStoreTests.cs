using System.Globalization;
using Bot.Core.Messaging;
using Bot.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>The PostgreSQL store itself: migrations under several starting instances, subscriptions with their audit.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Instances_starting_together_apply_each_schema_script_once()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => Task.Run(async () =>
            {
                await using var connection = await i.OpenAsync(TestContext.Current.CancellationToken);
            })));

            await using var check = new NpgsqlConnection(database.ConnectionString);
            await check.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version", check);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            await reader.ReadAsync(TestContext.Current.CancellationToken);
            var expected = SchemaScripts.For("Postgres").Count;
            reader.GetInt64(0).ShouldBe(expected);
            reader.GetInt64(1).ShouldBe(expected);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_subscription_change_is_saved_with_its_audit_entry()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(Instant.FromUtc(2027, 1, 1, 0, 0).ToDateTimeOffset());
        await using var instance = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("discord", dedupe: true));
        var channel = new ChannelAddress("discord", "c1", "g1");
        (await instance.Service.SetupAsync(channel, Harness.Moderator, "07:30", "America/St_Johns", TestContext.Current.CancellationToken)).Ok.ShouldBeTrue();
        (await instance.Service.PauseAsync(channel, Harness.Moderator, "maintenance", TestContext.Current.CancellationToken)).Ok.ShouldBeTrue();

        var saved = (await instance.Store.FindAsync("discord", "c1", TestContext.Current.CancellationToken)).ShouldNotBeNull();
        saved.GuildId.ShouldBe("g1");
        saved.PostTime.ToString("HH:mm", CultureInfo.InvariantCulture).ShouldBe("07:30");
        saved.TimeZone.ShouldBe("America/St_Johns");
        saved.Enabled.ShouldBeFalse();
        (await instance.Store.ByGuildAsync("discord", "g1", TestContext.Current.CancellationToken)).Count.ShouldBe(1);
        (await instance.Store.AuditAsync(saved.Id, TestContext.Current.CancellationToken)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_store_from_before_the_schedule_table_keeps_every_next_due_instant_when_upgraded()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        await using (var old = new NpgsqlConnection(database.ConnectionString))
        {
            await old.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)", old);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            foreach (var script in SchemaScripts.For("Postgres").Where(s => s.Version < 13))
            {
                create.CommandText = script.Sql;
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                create.CommandText = $"INSERT INTO schema_version VALUES ({script.Version}, '{script.Name}', now())";
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            create.CommandText = """
                INSERT INTO subscriptions (platform, channel_id, post_time, time_zone, occasions, enabled, next_due_utc,
                    next_local_date, changed_by, changed_at)
                VALUES ('discord', 'due', '09:00', 'Europe/Berlin', 'all', TRUE, 1799308800000, '2027-01-07', 'mod (1)', 0),
                       ('discord', 'paused', '09:00', 'Europe/Berlin', 'all', FALSE, NULL, NULL, 'mod (1)', 0)
                """;
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var upgraded = new PostgresDatabase(database.ConnectionString);
        var store = new Bot.Storage.Subscriptions.PostgresSubscriptionStore(upgraded);

        var due = (await store.FindAsync("discord", "due", TestContext.Current.CancellationToken)).ShouldNotBeNull();
        due.NextDueUtc.ShouldBe(Instant.FromUnixTimeMilliseconds(1799308800000));
        due.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 7));
        (await store.FindAsync("discord", "paused", TestContext.Current.CancellationToken)).ShouldNotBeNull().NextDueUtc.ShouldBeNull();
        (await store.DueAsync(Instant.FromUnixTimeMilliseconds(1799308800000), 10, TestContext.Current.CancellationToken)).Select(s => s.ChannelId).ShouldBe(["due"]);
    }
}
