using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/resume: posts start again from the next due one; days missed while paused are not caught up.</summary>
public sealed class ResumeCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "resume";

    public string Description => "Resume the scheduled posts (missed days are not posted)";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.ResumeAsync(context.Command.Channel, context.Command.Caller, cancellationToken), "Posts resumed; days missed while paused are not posted.", occasions, cancellationToken);
}
