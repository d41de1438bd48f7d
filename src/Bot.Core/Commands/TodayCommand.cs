using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/today: the anniversary observed today in this channel's time zone, with its post.</summary>
public sealed class TodayCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, PostComposer composer, TimeProvider time) : IBotCommand
{
    public string Name => "today";

    public string Description => "What anniversary is today, in this channel's time zone";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        var zone = ScheduleText.ZoneOf(subscription, subscriptions.Defaults);
        IReadOnlyList<Occasion> all = [.. await occasions.AllAsync(cancellationToken), .. (subscription?.OwnOccasions ?? []).Select(o => o.ToOccasion())];
        var today = PostCalendar.Today(Instant.FromDateTimeOffset(time.GetUtcNow()), zone);
        var found = PostCalendar.On(today, all);
        if (found.Count == 0)
        {
            var next = PostCalendar.Next(today, all);
            var hint = "";
            if (next is { } n)
            {
                var days = Period.Between(today, n.Date, PeriodUnits.Days).Days;
                hint = $" The next is on {ScheduleText.Day(n.Date)} (in {days} day{(days == 1 ? "" : "s")}): {ScheduleText.Which(n.Anniversaries)}.";
            }

            return CommandResult.Reply(new OutgoingMessage($"No anniversary today ({ScheduleText.Day(today)}, {zone.Id}).{hint}") { Footer = "Try /next or /help" });
        }

        var replies = new List<OutgoingMessage>();
        foreach (var anniversary in found)
        {
            replies.Add(await composer.ComposeAsync(anniversary, PostStyle.Default, cancellationToken));
        }

        return new CommandResult(replies);
    }
}
