using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/occasion add MM-DD [YYYY] Title | /occasion remove number-or-title: the chat's own occasions.</summary>
public sealed class OccasionCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, TimeProvider time) : IBotCommand
{
    public string Name => "occasion";

    public string Description => "Add or remove this chat's own occasion: add MM-DD [YYYY] Title, or remove number-or-title";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("action", "add or remove", Required: true),
        new("details", "add: MM-DD [YYYY] Title; remove: its number in /occasions, or its title", TakesRest: true),
    ];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var action = context.Option("action") ?? "";
        var channel = context.Command.Channel;
        var caller = context.Command.Caller;
        if (action.Equals("remove", StringComparison.OrdinalIgnoreCase) || action.Equals("delete", StringComparison.OrdinalIgnoreCase))
        {
            var before = await subscriptions.FindAsync(channel, cancellationToken);
            var removal = await subscriptions.RemoveOccasionAsync(channel, caller, context.Option("details"), cancellationToken);
            if (!removal.Ok)
            {
                return Refused(removal);
            }

            var removed = before!.OwnOccasions.First(o => removal.Subscription!.OwnOccasions.All(kept => kept.Id != o.Id));
            return ScheduleText.Private($"Removed: {removed.Title} ({removed.ToOccasion().DayName}). It will not be posted here.");
        }

        if (!action.Equals("add", StringComparison.OrdinalIgnoreCase))
        {
            return CommandResult.Error($"'{SubscriptionValidation.Shorten(action)}' is not something /occasion does: use add or remove. Nothing was changed.");
        }

        var change = await subscriptions.AddOccasionAsync(channel, caller, context.Option("details"), cancellationToken);
        if (!change.Ok)
        {
            return Refused(change);
        }

        var subscription = change.Subscription!;
        var added = subscription.OwnOccasions[^1].ToOccasion();
        var today = PostCalendar.Today(Instant.FromDateTimeOffset(time.GetUtcNow()), DateTimeZoneProviders.Tzdb[subscription.TimeZone]);
        var number = ChatOccasions.For(await occasions.AllAsync(cancellationToken), subscription).NumberOf(added);
        var next = PostCalendar.Next(today, [added]);
        var when = next is { } found
            ? $" Next: {ScheduleText.Day(found.Date)}{(found.Anniversaries[0].Years > 0 ? $", the {found.Anniversaries[0].Ordinal} anniversary" : "")}."
            : "";
        var paused = subscription.Enabled ? "" : " Posts here are paused; /resume starts them again.";
        return ScheduleText.Private($"Added: {added.Title} ({added.DayName}{(added.YearKnown ? $", {added.OriginalYear}" : "")}), number {number} in /occasions.{when}{paused}");
    }

    private static CommandResult Refused(SubscriptionChange change) =>
        CommandResult.Error(change.Error! + (change.Error == SubscriptionService.NotSubscribed ? "" : " Nothing was changed."));
}
