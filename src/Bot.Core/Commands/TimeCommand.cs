using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/time HH:MM.</summary>
public sealed class TimeCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "time";

    public string Description => "Set the local post time: time HH:MM (24-hour)";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("time", "Local post time, HH:MM (24-hour)", Required: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetTimeAsync(context.Command.Channel, context.Command.Caller, context.Option("time"), cancellationToken), "Post time changed.", occasions, cancellationToken);
}
