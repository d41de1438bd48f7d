using Bot.Core.Messaging;

namespace Bot.Core.Commands;

/// <summary>/start: the welcome a new user sees first (Telegram sends it on opening a chat with the bot).</summary>
public sealed class StartCommand : IBotCommand
{
    public string Name => "start";

    public string Description => "Welcome and what I can do";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Reply(new OutgoingMessage(
            "Hello! I post \"on this day\" messages for anniversaries such as January 7, 1979, the fall of the Khmer Rouge " +
            "regime, and I answer questions from my documents, always with the source.")
        {
            Title = "AnniversaryBot",
            Footer = "Try /ask when did the Khmer Rouge rule Cambodia? · /fact · /sources · /help for all commands",
        }));
}
