using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/next: the next anniversary in this channel's time zone and, where the channel is subscribed, when it
/// will be posted, from the same calendar the scheduler uses. A chat not (or not yet) posting hears of the occasions
/// it would receive: its own choice, or the primary ones a new subscription starts with.</summary>
public sealed class NextCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, TimeProvider time) : IBotCommand
{
    public string Name => "next";

    public string Description => "The next anniversary and when it will be posted here";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        var catalog = await occasions.AllAsync(cancellationToken);
        IReadOnlyList<Occasion> all = [.. catalog, .. (subscription?.OwnOccasions ?? []).Select(o => o.ToOccasion())];
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        if (subscription is { Enabled: true } && ScheduleText.Scheduled(subscription, catalog) is { Anniversaries.Count: > 0 } scheduled)
        {
            return CommandResult.Reply(new OutgoingMessage($"Next post here: {ScheduleText.When(scheduled)}: {ScheduleText.Which(scheduled.Anniversaries)}."));
        }

        var zone = ScheduleText.ZoneOf(subscription, subscriptions.Defaults);
        var today = PostCalendar.Today(now, zone);
        var next = PostCalendar.Next(today.PlusDays(1), subscription?.Receives(all) ?? OccasionSelection.Primary.Filter(all));
        if (next is not { } found)
        {
            return CommandResult.Reply("I know no occasions yet.");
        }

        var days = Period.Between(today, found.Date, PeriodUnits.Days).Days;
        var note = subscription is null ? " This channel has no scheduled posts; a moderator can start them with /setup."
            : !subscription.Enabled ? " Posts in this channel are paused." : "";
        return CommandResult.Reply(new OutgoingMessage(
            $"Next anniversary: {ScheduleText.Day(found.Date)} ({zone.Id}), in {days} day{(days == 1 ? "" : "s")}: {ScheduleText.Which(found.Anniversaries)}.{note}"));
    }
}
