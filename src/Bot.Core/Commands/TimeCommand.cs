using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/time 9am, 21:00, 21h, 0900 or 9:30 pm.</summary>
public sealed class TimeCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "time";

    public string Description => "Set the local post time: time 9am, 9:30 pm, 21:00, 21h or 0900";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("time", "Local post time: 9am, 9:30 pm, 21:00, 21h or 0900", Required: true, TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetTimeAsync(context.Command.Channel, context.Command.Caller, context.Option("time"), cancellationToken), "Post time changed.", occasions, cancellationToken);
}
