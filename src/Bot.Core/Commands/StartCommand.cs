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
            "Hello! I post \"on this day\" messages for the anniversaries in my documents, and I answer questions from " +
            "them, always with the source.")
        {
            Title = "AnniversaryBot",
            Footer = "Try /next for the next anniversary · /ask with your question · /fact · /sources · /help for all commands",
        }));
}
