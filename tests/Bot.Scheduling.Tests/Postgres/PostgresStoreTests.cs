using System.Globalization;
using Bot.Core.Messaging;
using Bot.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>The PostgreSQL store itself: migrations under several starting instances, subscriptions with their audit.</summary>
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
}
