using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Bot.Storage.Tests.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Storage.Tests.Deliveries;

public sealed class DeliveryLedgerTests : IDisposable
{
    private static readonly Instant Due = Instant.FromUtc(2027, 1, 7, 2, 0);
    private static readonly LocalDate Date = new(2027, 1, 7);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<Subscription> SubscribeAsync(string channel = "-1") =>
        await new SqliteSubscriptionStore(_db.Database).SaveAsync(new Subscription
        {
            Platform = "telegram",
            ChannelId = channel,
            ChangedBy = "t",
            NextDueUtc = Due,
            NextLocalDate = Date,
        }, "subscribe", "", CancellationToken.None);

    private static DeliveryClaim Claim(Subscription s) => new(s.Id, Due,
        [new Delivery { SubscriptionId = s.Id, OccasionId = "jan7", LocalDate = Date, DueUtc = Due, DeadlineUtc = Due + Duration.FromHours(15), IdempotencyKey = DeliveryKey.For(s.Id, "jan7", Date) }],
        Due + Duration.FromDays(365), Date.PlusYears(1))
    { ClaimedAt = Due };

    [Fact]
    public async Task Ledger_uniqueness_under_concurrent_claims_from_several_connections()
    {
        var subscription = await SubscribeAsync();
        // 16 claimers, each with its own database object (as separate processes would have), race for one post.
        var claimers = Enumerable.Range(0, 16).Select(_ => new SqliteDeliveryLedger(_db.Reopen())).ToList();
        var results = await Task.WhenAll(claimers.Select(l => Task.Run(() => l.ClaimAsync(Claim(subscription), CancellationToken.None))));

        results.Sum(r => r.Count).ShouldBe(1);
        (await claimers[0].ForSubscriptionAsync(subscription.Id, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_row_already_in_the_ledger_is_never_claimed_again()
    {
        var subscription = await SubscribeAsync();
        var ledger = new SqliteDeliveryLedger(_db.Database);
        (await ledger.ClaimAsync(Claim(subscription), CancellationToken.None)).Count.ShouldBe(1);

        // Someone moves the schedule back to the same day (e.g. a time change): the unique key still holds.
        var store = new SqliteSubscriptionStore(_db.Database);
        await store.SaveAsync((await store.GetAsync(subscription.Id, CancellationToken.None))! with { NextDueUtc = Due, NextLocalDate = Date }, "time", "", CancellationToken.None);
        (await ledger.ClaimAsync(Claim(subscription), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_claim_moves_the_subscription_to_its_next_due_instant()
    {
        var subscription = await SubscribeAsync();
        var store = new SqliteSubscriptionStore(_db.Database);

        await new SqliteDeliveryLedger(_db.Database).ClaimAsync(Claim(subscription), CancellationToken.None);

        var moved = await store.GetAsync(subscription.Id, CancellationToken.None);
        moved!.NextDueUtc.ShouldBe(Due + Duration.FromDays(365));
        moved.NextLocalDate.ShouldBe(Date.PlusYears(1));
        (await store.DueAsync(Due, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_claim_with_no_posts_ahead_leaves_the_subscription_without_a_next_due_instant()
    {
        var subscription = await SubscribeAsync();
        var store = new SqliteSubscriptionStore(_db.Database);

        var rows = await new SqliteDeliveryLedger(_db.Database).ClaimAsync(Claim(subscription) with { NextDueUtc = null, NextLocalDate = null }, CancellationToken.None);

        rows.Count.ShouldBe(1);
        (await store.GetAsync(subscription.Id, CancellationToken.None))!.NextDueUtc.ShouldBeNull();
    }

    [Fact]
    public async Task A_paused_subscription_is_not_claimed()
    {
        var subscription = await SubscribeAsync();
        var store = new SqliteSubscriptionStore(_db.Database);
        await store.SaveAsync(subscription with { Enabled = false }, "pause", "", CancellationToken.None);

        (await new SqliteDeliveryLedger(_db.Database).ClaimAsync(Claim(subscription), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_is_claimed_once_and_outcomes_are_recorded()
    {
        var subscription = await SubscribeAsync();
        var ledger = new SqliteDeliveryLedger(_db.Database);
        var row = (await ledger.ClaimAsync(Claim(subscription), CancellationToken.None)).Single();

        var first = await ledger.BeginSendAsync(row.Id, allowResend: false, Due, CancellationToken.None);
        first!.Status.ShouldBe(DeliveryStatus.Sending);
        first.Attempts.ShouldBe(1);
        (await ledger.BeginSendAsync(row.Id, allowResend: false, Due, CancellationToken.None)).ShouldBeNull();
        (await ledger.UnconfirmedAsync(10, CancellationToken.None)).Single().Id.ShouldBe(row.Id);

        var resent = await ledger.BeginSendAsync(row.Id, allowResend: true, Due, CancellationToken.None);
        resent!.ResentAfterCrash.ShouldBeTrue();

        await ledger.MarkRetryAsync(row.Id, Due + Duration.FromSeconds(30), "429", CancellationToken.None);
        (await ledger.DueRetriesAsync(Due, 10, CancellationToken.None)).ShouldBeEmpty();
        (await ledger.DueRetriesAsync(Due + Duration.FromSeconds(30), 10, CancellationToken.None)).Single().LastError.ShouldBe("429");

        await ledger.BeginSendAsync(row.Id, allowResend: false, Due, CancellationToken.None);
        await ledger.MarkSentAsync(row.Id, "m-1", "-1", Due + Duration.FromMinutes(1), CancellationToken.None);
        var sent = (await ledger.GetAsync(row.Id, CancellationToken.None))!;
        sent.Status.ShouldBe(DeliveryStatus.Sent);
        sent.MessageId.ShouldBe("m-1");
        sent.Attempts.ShouldBe(3);
        (await ledger.UnconfirmedAsync(10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_sent_delivery_stays_sent_when_a_retry_or_failure_is_recorded_after_it()
    {
        var subscription = await SubscribeAsync();
        var ledger = new SqliteDeliveryLedger(_db.Database);
        var row = (await ledger.ClaimAsync(Claim(subscription), CancellationToken.None)).Single();
        await ledger.BeginSendAsync(row.Id, allowResend: false, Due, CancellationToken.None);
        await ledger.MarkSentAsync(row.Id, "m-1", "-1", Due, CancellationToken.None);

        await ledger.MarkRetryAsync(row.Id, Due + Duration.FromSeconds(30), "internal error", CancellationToken.None);
        await ledger.MarkFailedAsync(row.Id, DeliveryStatus.FailedPermanent, "internal error", Due, CancellationToken.None);

        (await ledger.GetAsync(row.Id, CancellationToken.None))!.Status.ShouldBe(DeliveryStatus.Sent);
        (await ledger.DueRetriesAsync(Due + Duration.FromMinutes(1), 10, CancellationToken.None)).ShouldBeEmpty();
    }
}
