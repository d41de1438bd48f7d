using Bot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>A chat's own occasions in PostgreSQL: saved with the subscription and its audit, read back by a new
/// instance as after a restart, and posted once.</summary>
[Trait("Category", "Slow")]
public sealed class OwnOccasionsStoreTests
{
    private static readonly ChannelAddress Channel = new("discord", "c1", "g1");

    [Fact]
    public async Task Own_occasions_survive_a_restart_on_postgres_with_their_audit()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var start = Instant.FromUtc(2027, 1, 1, 0, 0);
        var clock = new FakeTimeProvider(start.ToDateTimeOffset());
        var ct = TestContext.Current.CancellationToken;
        await using (var first = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("discord", dedupe: true)))
        {
            (await first.Service.SetupAsync(Channel, Harness.Moderator, "09:00", "Asia/Phnom_Penh", ct)).Ok.ShouldBeTrue();
            (await first.Service.AddOccasionAsync(Channel, Harness.Moderator, "03-14 2019 Founding of this server", ct)).Ok.ShouldBeTrue();
            (await first.Service.AddOccasionAsync(Channel, Harness.Moderator, "02-29 Leap day meetup", ct)).Ok.ShouldBeTrue();
            (await first.Service.RemoveOccasionAsync(Channel, Harness.Moderator, "leap", ct)).Ok.ShouldBeTrue();
        }

        await using var second = new Instance("b", database.ConnectionString, clock, new RecordingPlatform("discord", dedupe: true));
        var saved = (await second.Store.FindAsync("discord", "c1", ct)).ShouldNotBeNull();

        saved.OwnOccasions.Select(o => (o.Month, o.Day, o.Year, o.Title, o.AddedBy, o.AddedAt)).ShouldBe([(3, 14, (int?)2019, "Founding of this server", "Mod (u1)", start)]);
        (await second.Store.AuditAsync(saved.Id, ct)).Select(a => a.Action).ShouldBe(["subscribe", "occasion-add", "occasion-add", "occasion-remove"]);
    }

    [Fact]
    public async Task Own_occasion_is_posted_once_from_postgres()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(Instant.FromUtc(2027, 3, 13, 0, 0).ToDateTimeOffset());
        var ct = TestContext.Current.CancellationToken;
        await using var instance = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("discord", dedupe: true));
        await instance.Pipeline.StartAsync(ct);
        (await instance.Service.SetupAsync(Channel, Harness.Moderator, "09:00", "Asia/Phnom_Penh", ct)).Ok.ShouldBeTrue();
        (await instance.Service.AddOccasionAsync(Channel, Harness.Moderator, "03-14 2019 Founding of this server", ct)).Ok.ShouldBeTrue();

        while (clock.GetUtcNow() < Instant.FromUtc(2027, 3, 15, 0, 0).ToDateTimeOffset())
        {
            await instance.Planner.TickAsync(ct);
            await instance.Pipeline.WhenIdleAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var post = instance.Platform.Server.Posts.ShouldHaveSingleItem();
        post.Message.Title.ShouldBe("March 14: Founding of this server");
        post.Message.Text.ShouldContain("Today marks the 8th anniversary.");
    }
}
