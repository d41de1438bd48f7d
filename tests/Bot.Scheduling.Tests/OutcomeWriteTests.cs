using Bot.Core.Scheduling;
using Microsoft.Data.Sqlite;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

/// <summary>A store that fails after the platform accepted a post: the post must not go out again.</summary>
public sealed class OutcomeWriteTests
{
    private static readonly Instant SetupTime = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly Instant Jan7Due = Instant.FromUtc(2027, 1, 7, 2, 0);

    [Fact]
    public async Task A_post_whose_subscription_outcome_cannot_be_written_is_not_posted_again()
    {
        await using var h = new Harness(SetupTime);
        var subscription = await h.SubscribeAsync("-100");

        // The subscription's last-post columns cannot be written (a real SQLite failure, raised by a trigger) while
        // the ledger still can.
        await using (var connection = new SqliteConnection(h.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TRIGGER outcome_fails BEFORE UPDATE OF last_post_at ON subscriptions
                BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.RunUntilAsync(Jan7Due + Duration.FromMinutes(30), Duration.FromSeconds(15));

        h.Platform.Server.Posts.ShouldHaveSingleItem();
        var row = (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).ShouldHaveSingleItem();
        row.Status.ShouldBe(DeliveryStatus.Sent);
    }
}
