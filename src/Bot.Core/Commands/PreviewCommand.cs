using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/preview: the channel's next posts (when, which) and the first one as it will look. Sends nothing.</summary>
public sealed class PreviewCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, PostComposer composer, TimeProvider time) : IBotCommand
{
    public const int Count = 3;

    public string Name => "preview";

    public string Description => "Show the next posts for this channel and how the next one will look";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        var all = await occasions.AllAsync(cancellationToken);
        var upcoming = Upcoming(subscription, subscriptions.Defaults, all, Instant.FromDateTimeOffset(time.GetUtcNow()), Count);
        if (upcoming.Count == 0)
        {
            return ScheduleText.Private("Nothing is scheduled.");
        }

        var lines = upcoming.Select(p => $"• {ScheduleText.When(p)}: {ScheduleText.Which(p.Anniversaries)}");
        var header = subscription is null ? "Not subscribed; with the defaults the next posts would be:\n" : subscription.Enabled ? "Next posts:\n" : "Paused; once resumed the next posts would be:\n";
        var first = upcoming[0].Anniversaries[0];
        var post = await composer.ComposeAsync(first, new PostStyle(subscription?.Template, subscription?.MentionRoleId), cancellationToken);
        return new CommandResult([new OutgoingMessage(header + string.Join('\n', lines)) { Private = true }, post with { Private = true }]);
    }

    /// <summary>The next <paramref name="count"/> post days of a channel (or of the defaults) after <paramref name="now"/>.</summary>
    public static IReadOnlyList<PlannedPosts> Upcoming(Subscription? subscription, SchedulingDefaults defaults, IReadOnlyList<Occasion> all, Instant now, int count)
    {
        var zone = ScheduleText.ZoneOf(subscription, defaults);
        var postTime = subscription?.PostTime ?? defaults.Time;
        var selected = (subscription?.Occasions ?? OccasionSelection.All).Filter(all);
        var result = new List<PlannedPosts>();
        var next = PostCalendar.NextAfter(now, postTime, zone, selected);
        while (next is not null && result.Count < count)
        {
            result.Add(next);
            next = PostCalendar.NextPosts(next.Date.PlusDays(1), postTime, zone, selected);
        }

        return result;
    }
}
