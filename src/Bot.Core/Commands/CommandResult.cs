using Bot.Core.Messaging;

namespace Bot.Core.Commands;

/// <summary>The replies a command produced, in order.</summary>
public sealed record CommandResult(IReadOnlyList<OutgoingMessage> Replies)
{
    public static CommandResult Reply(OutgoingMessage message) => new([message]);

    public static CommandResult Reply(string text) => new([new OutgoingMessage(text)]);

    /// <summary>A refusal or validation error, shown only to the caller where the platform can.</summary>
    public static CommandResult Error(string text) => new([new OutgoingMessage(text) { Private = true }]);
}
