using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/test: posts the next occasion's message here now, marked as a test. The ledger and the schedule are
/// not touched.</summary>
public sealed class TestCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, PostComposer composer, IEnumerable<IChatPlatform> platforms, TimeProvider time) : IBotCommand
{
    public string Name => "test";

    public string Description => "Post the next occasion's message here now, marked as a test";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        var all = await occasions.AllAsync(cancellationToken);
        var next = PreviewCommand.Upcoming(subscription, subscriptions.Defaults, all, Instant.FromDateTimeOffset(time.GetUtcNow()), 1);
        if (next.Count == 0)
        {
            return CommandResult.Error("There is no upcoming occasion to test with.");
        }

        var channel = subscription?.Channel ?? context.Command.Channel;
        var platform = platforms.FirstOrDefault(p => string.Equals(p.Name, channel.Platform, StringComparison.OrdinalIgnoreCase));
        if (platform is null)
        {
            return CommandResult.Error($"Posting is not available on {channel.Platform}.");
        }

        var message = await composer.ComposeAsync(next[0].Anniversaries[0], new PostStyle(subscription?.Template, subscription?.MentionRoleId, IsTest: true), cancellationToken);
        var result = await platform.SendAsync(channel, message, idempotencyKey: null, cancellationToken);
        return result.Outcome == SendOutcome.Sent
            ? ScheduleText.Private($"Test post sent (message id {result.MessageId ?? "unknown"}). The schedule is unchanged.")
            : CommandResult.Error($"The test post failed: {result.Reason ?? result.Outcome.ToString()}.");
    }
}
