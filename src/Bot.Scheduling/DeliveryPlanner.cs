using System.Diagnostics;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Bot.Scheduling;

/// <summary>What one planner tick did.</summary>
public sealed record PlanResult(int Due, int Claimed, int Skipped, int Retries, TimeSpan Elapsed);

/// <summary>Finds due posts by the indexed next-due query, claims them in the ledger (catch-up window applied) and
/// hands them to the delivery pipeline. Run by <see cref="PlannerJob"/>; safe to run anywhere any number of times:
/// the claim is a compare-and-swap, so a post is claimed once.</summary>
public sealed class DeliveryPlanner(
    ISubscriptionStore subscriptions,
    IDeliveryLedger ledger,
    IOccasionCatalog occasions,
    DeliveryPipeline pipeline,
    SchedulingOptions options,
    DeliveryCounters counters,
    TimeProvider time,
    ILogger<DeliveryPlanner> log)
{
    /// <summary>Raised after every tick (health checks, tests).</summary>
    public event Action<PlanResult>? Ticked;

    public async Task<PlanResult> TickAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var due = await subscriptions.DueAsync(now, options.BatchSize, cancellationToken);
        var claimed = 0;
        var skipped = 0;
        if (due.Count > 0)
        {
            var all = await occasions.AllAsync(cancellationToken);
            var claims = due.Select(s => Plan(s, all, now)).ToList();
            var byId = due.ToDictionary(s => s.Id);
            foreach (var row in await ledger.ClaimAllAsync(claims, cancellationToken))
            {
                var subscription = byId[row.SubscriptionId];
                if (row.Status == DeliveryStatus.Pending)
                {
                    // A shared ledger's rows belong to the cluster: every instance pulls them in batches (below).
                    if (!pipeline.SharesLedger)
                    {
                        pipeline.Enqueue(row.Id);
                    }

                    claimed++;
                }
                else
                {
                    skipped++;
                    counters.Count(subscription.Platform, DeliveryOutcome.Skipped);
                    log.LogWarning("Skipped {Occasion} of {Date} for {Channel}: due {Due}, the catch-up window closed at {Deadline}",
                        row.OccasionId, row.LocalDate, subscription.Channel, row.DueUtc, row.DeadlineUtc);
                }
            }
        }

        if (claimed > 0 && pipeline.SharesLedger)
        {
            // This instance starts on its share at once rather than at its next take-over round.
            await pipeline.TakeOverAsync(cancellationToken);
        }

        var retries = await ledger.DueRetriesAsync(now, options.BatchSize, cancellationToken);
        foreach (var retry in retries)
        {
            pipeline.Enqueue(retry.Id);
        }

        if (claimed + skipped + retries.Count > 0)
        {
            log.LogInformation("Planner: {Due} due, {Claimed} claimed, {Skipped} skipped, {Retries} retries in {Elapsed} ms",
                due.Count, claimed, skipped, retries.Count, watch.ElapsedMilliseconds);
        }

        var result = new PlanResult(due.Count, claimed, skipped, retries.Count, watch.Elapsed);
        Ticked?.Invoke(result);
        return result;
    }

    /// <summary>What to claim for one due subscription: its posts of the due date (pending inside the catch-up
    /// window, skipped outside it) and where its schedule moves next.</summary>
    private DeliveryClaim Plan(Subscription subscription, IReadOnlyList<Occasion> all, Instant now)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(subscription.TimeZone) ?? DateTimeZone.Utc;
        var expected = subscription.NextDueUtc!.Value;
        var date = subscription.NextLocalDate ?? expected.InZone(zone).Date;
        var dueAt = PostCalendar.DueAt(date, subscription.PostTime, zone);
        var deadline = PostCalendar.CatchUpDeadline(date, dueAt, options.CatchUpWindow);
        var selected = subscription.Occasions.Filter(all);
        var inWindow = now < deadline;

        // The next date after this one; after a miss, never before today, so a long outage posts at most today's post.
        var from = date.PlusDays(1);
        var today = PostCalendar.Today(now, zone);
        if (!inWindow && today > from)
        {
            from = today;
        }

        var next = PostCalendar.NextPosts(from, subscription.PostTime, zone, selected);
        var rows = PostCalendar.On(date, selected).Select(a => new Delivery
        {
            SubscriptionId = subscription.Id,
            OccasionId = a.Occasion.Id,
            LocalDate = date,
            DueUtc = dueAt.ToInstant(),
            DeadlineUtc = deadline,
            IdempotencyKey = DeliveryKey.For(subscription.Id, a.Occasion.Id, date),
            Status = inWindow ? DeliveryStatus.Pending : DeliveryStatus.Skipped,
            LastError = inWindow ? null : "missed: the bot was not running within the catch-up window",
        }).ToList();
        return new DeliveryClaim(subscription.Id, expected, rows, next?.DueUtc, next?.Date) { ClaimedAt = now };
    }
}
