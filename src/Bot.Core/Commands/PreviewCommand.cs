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

    public string Description => "Show the next posts here and how the next one (or a given occasion's) will look";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("occasion", "Its number in /occasions, or a word of its title", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        var all = await occasions.AllAsync(cancellationToken);
        if (context.Option("occasion") is { } named)
        {
            return await PreviewOneAsync(subscription, all, named, cancellationToken);
        }

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

    /// <summary>The next post of one occasion, chosen by number or title, whether or not this channel receives it.</summary>
    private async Task<CommandResult> PreviewOneAsync(Subscription? subscription, IReadOnlyList<Occasion> all, string named, CancellationToken cancellationToken)
    {
        var found = ChatOccasions.For(all, subscription).Find(named);
        if (!found.Ok)
        {
            return CommandResult.Error(found.Error!);
        }

        var occasion = found.Value!;
        var zone = ScheduleText.ZoneOf(subscription, subscriptions.Defaults);
        var today = PostCalendar.Today(Instant.FromDateTimeOffset(time.GetUtcNow()), zone);
        if (PostCalendar.Next(today, [occasion]) is not { } next)
        {
            return CommandResult.Error($"{occasion.Title} has no anniversary to come.");
        }

        var received = (subscription?.Receives(all) ?? OccasionSelection.Primary.Filter(all)).Any(o => o.Id == occasion.Id);
        var header = $"{occasion.Title}: next on {ScheduleText.Day(next.Date)}." + (received ? "" : " It is not posted here; /occasions can turn it on.");
        var post = await composer.ComposeAsync(next.Anniversaries[0], new PostStyle(subscription?.Template, subscription?.MentionRoleId), cancellationToken);
        return new CommandResult([new OutgoingMessage(header) { Private = true }, post with { Private = true }]);
    }

    /// <summary>The next <paramref name="count"/> post days of a channel (or of the defaults) after <paramref name="now"/>.</summary>
    public static IReadOnlyList<PlannedPosts> Upcoming(Subscription? subscription, SchedulingDefaults defaults, IReadOnlyList<Occasion> all, Instant now, int count)
    {
        var zone = ScheduleText.ZoneOf(subscription, defaults);
        var postTime = subscription?.PostTime ?? defaults.Time;
        var selected = subscription?.Receives(all) ?? OccasionSelection.Primary.Filter(all);
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
