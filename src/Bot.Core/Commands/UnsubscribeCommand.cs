using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/unsubscribe: stops the posts and forgets the channel's settings (the audit trail stays).</summary>
public sealed class UnsubscribeCommand(SubscriptionService subscriptions) : IBotCommand
{
    public string Name => "unsubscribe";

    public string Description => "Stop the scheduled posts here and forget this channel's settings";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await subscriptions.UnsubscribeAsync(context.Command.Channel, context.Command.Caller, cancellationToken)
            ? ScheduleText.Private("Unsubscribed: no more anniversary posts here. /setup starts them again.")
            : ScheduleText.Private(SubscriptionService.NotSubscribed);
}
