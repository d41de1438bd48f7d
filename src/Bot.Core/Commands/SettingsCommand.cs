using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/settings: what this channel will post and when, and what happened last.</summary>
public sealed class SettingsCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "settings";

    public string Description => "Show this channel's post settings, next post, last post and last error";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        return subscription is null
            ? ScheduleText.Private(SubscriptionService.NotSubscribed)
            : ScheduleText.Private(ScheduleText.Settings(subscription, await occasions.AllAsync(cancellationToken)));
    }
}
