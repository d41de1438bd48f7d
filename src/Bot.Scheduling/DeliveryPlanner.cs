using System.Diagnostics;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Bot.Scheduling;

/// <summary>What one planner tick did.</summary>
public sealed record PlanResult(int Due, int Claimed, int Skipped, int Retries, TimeSpan Elapsed)
{
    /// <summary>Of <see cref="PlanResult.Elapsed"/>: reading the due subscriptions.</summary>
    public TimeSpan Reading { get; init; }

    /// <summary>Of <see cref="PlanResult.Elapsed"/>: working out each one's posts and next due instant.</summary>
    public TimeSpan Planning { get; init; }

    /// <summary>Of <see cref="PlanResult.Elapsed"/>: the claim transaction (waiting for the write turn included).</summary>
    public TimeSpan Claiming { get; init; }
}

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

    /// <summary>Ticks until a tick finds less than a full batch due, so that every post due now is claimed now, each
    /// batch in its own short transaction (the write turn is never held for long), rather than one batch per
    /// planner interval. Stops early when a tick could claim nothing (another instance holds the rows).</summary>
    public async Task<IReadOnlyList<PlanResult>> RunAsync(CancellationToken cancellationToken)
    {
        var ticks = new List<PlanResult>();
        PlanResult tick;
        do
        {
            tick = await TickAsync(cancellationToken);
            ticks.Add(tick);
        }
        while (tick.Due >= options.BatchSize && tick.Claimed + tick.Skipped > 0 && !cancellationToken.IsCancellationRequested);

        return ticks;
    }

    public async Task<PlanResult> TickAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var due = await subscriptions.DueAsync(now, options.BatchSize, cancellationToken);
        var reading = watch.Elapsed;
        var planning = TimeSpan.Zero;
        var claiming = TimeSpan.Zero;
        var claimed = 0;
        var skipped = 0;
        if (due.Count > 0)
        {
            var calendar = new TickCalendar(await occasions.AllAsync(cancellationToken));
            var claims = due.Select(s => Plan(s, calendar, now)).ToList();
            var byId = due.ToDictionary(s => s.Id);
            planning = watch.Elapsed - reading;
            var rows = await ledger.ClaimAllAsync(claims, cancellationToken);
            claiming = watch.Elapsed - reading - planning;
            foreach (var row in rows)
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
                    counters.Count(subscription.Platform, DeliveryOutcome.Planned);
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

        var result = new PlanResult(due.Count, claimed, skipped, retries.Count, watch.Elapsed)
        {
            Reading = reading,
            Planning = planning,
            Claiming = claiming,
        };
        Ticked?.Invoke(result);
        return result;
    }

    /// <summary>What to claim for one due subscription: its posts of the due date (pending inside the catch-up
    /// window, skipped outside it) and where its schedule moves next.</summary>
    private DeliveryClaim Plan(Subscription subscription, TickCalendar calendar, Instant now)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(subscription.TimeZone) ?? DateTimeZone.Utc;
        var expected = subscription.NextDueUtc!.Value;
        var date = subscription.NextLocalDate ?? expected.InZone(zone).Date;
        var dueAt = PostCalendar.DueAt(date, subscription.PostTime, zone);
        var deadline = PostCalendar.CatchUpDeadline(date, dueAt, options.CatchUpWindow);
        var inWindow = now < deadline;

        // The next date after this one; after a miss, never before today, so a long outage posts at most today's post.
        var from = date.PlusDays(1);
        var today = PostCalendar.Today(now, zone);
        if (!inWindow && today > from)
        {
            from = today;
        }

        var next = calendar.Next(subscription, from);
        var nextDue = next is { } found ? PostCalendar.DueAt(found.Date, subscription.PostTime, zone).ToInstant() : (Instant?)null;
        var rows = calendar.On(subscription, date).Select(a => new Delivery
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
        return new DeliveryClaim(subscription.Id, expected, rows, nextDue, next?.Date) { ClaimedAt = now };
    }

    /// <summary>The calendar questions of one tick, answered once per occasion selection and date: the thousands due
    /// in one minute mostly share both (the same selection, today and tomorrow in their zones), and the answers
    /// depend on nothing else. A channel with occasions of its own is answered for itself.</summary>
    private sealed class TickCalendar(IReadOnlyList<Occasion> all)
    {
        private readonly Dictionary<OccasionSelection, IReadOnlyList<Occasion>> _selected = [];
        private readonly Dictionary<(OccasionSelection, LocalDate), IReadOnlyList<Anniversary>> _on = [];
        private readonly Dictionary<(OccasionSelection, LocalDate), (LocalDate Date, IReadOnlyList<Anniversary> Anniversaries)?> _next = [];

        public IReadOnlyList<Anniversary> On(Subscription subscription, LocalDate date) =>
            subscription.OwnOccasions.Count > 0 ? PostCalendar.On(date, subscription.Receives(all)) : On(subscription.Occasions, date);

        public (LocalDate Date, IReadOnlyList<Anniversary> Anniversaries)? Next(Subscription subscription, LocalDate from) =>
            subscription.OwnOccasions.Count > 0 ? PostCalendar.Next(from, subscription.Receives(all)) : Next(subscription.Occasions, from);

        private IReadOnlyList<Anniversary> On(OccasionSelection selection, LocalDate date)
        {
            if (!_on.TryGetValue((selection, date), out var anniversaries))
            {
                anniversaries = PostCalendar.On(date, Selected(selection));
                _on[(selection, date)] = anniversaries;
            }

            return anniversaries;
        }

        private (LocalDate Date, IReadOnlyList<Anniversary> Anniversaries)? Next(OccasionSelection selection, LocalDate from)
        {
            if (!_next.TryGetValue((selection, from), out var next))
            {
                next = PostCalendar.Next(from, Selected(selection));
                _next[(selection, from)] = next;
            }

            return next;
        }

        private IReadOnlyList<Occasion> Selected(OccasionSelection selection)
        {
            if (!_selected.TryGetValue(selection, out var selected))
            {
                selected = selection.Filter(all);
                _selected[selection] = selected;
            }

            return selected;
        }
    }
}
