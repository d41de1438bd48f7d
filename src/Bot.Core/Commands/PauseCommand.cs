using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/pause [reason].</summary>
public sealed class PauseCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "pause";

    public string Description => "Pause the scheduled posts in this channel";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("reason", "Why (shown in settings)", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.PauseAsync(context.Command.Channel, context.Command.Caller, context.Option("reason"), cancellationToken), "Posts paused.", occasions, cancellationToken);
}
