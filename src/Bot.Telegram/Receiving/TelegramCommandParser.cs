using System.Text.RegularExpressions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Receiving;

/// <summary>A command read from a Telegram message: its name (no slash, no @BotName), the rest of the line, and
/// whether it named this bot explicitly (<c>/help@ThisBot</c>).</summary>
public sealed record ParsedCommand(string Name, string Arguments, bool Addressed);

/// <summary>Reads commands the way Telegram users write them: <c>/name args</c>, <c>/name@BotName args</c> (ignored
/// when it names another bot), <c>/ask</c> sent as a reply to a message (the question is that message), a plain
/// reply to one of the bot's messages or a message starting with <c>@BotName</c> (a question), and in a private chat
/// any plain text (a question).</summary>
public static partial class TelegramCommandParser
{
    public const string AskCommand = "ask";

    public static ParsedCommand? Parse(Message message, User me)
    {
        var text = message.Text ?? message.Caption;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.StartsWith('/'))
        {
            var command = ParseLine(text, me.Username);
            if (command is { Name: var name, Arguments.Length: 0 }
                && string.Equals(name, AskCommand, StringComparison.OrdinalIgnoreCase)
                && message.ReplyToMessage is { } replied
                && replied.From?.Id != me.Id
                && (replied.Text ?? replied.Caption) is { } question
                && !string.IsNullOrWhiteSpace(question))
            {
                return command with { Arguments = question.Trim() };
            }

            return command;
        }

        if (me.Username is { Length: > 0 } username && text.StartsWith("@" + username, StringComparison.OrdinalIgnoreCase)
            && (text.Length == username.Length + 1 || char.IsWhiteSpace(text[username.Length + 1]) || text[username.Length + 1] is ',' or ':'))
        {
            var rest = text[(username.Length + 1)..].TrimStart(',', ':').Trim();
            return rest.Length == 0 ? null : new ParsedCommand(AskCommand, rest, true);
        }

        if (message.ReplyToMessage?.From?.Id == me.Id && message.ReplyToMessage.From.Id != 0)
        {
            return new ParsedCommand(AskCommand, text, true);
        }

        return message.Chat.Type == ChatType.Private ? new ParsedCommand(AskCommand, text, true) : null;
    }

    /// <summary>"/name@Bot args" → (name, args); null when it is not a command or names another bot.</summary>
    public static ParsedCommand? ParseLine(string line, string? botUsername)
    {
        var text = line.TrimStart();
        if (!text.StartsWith('/'))
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var head = text[1..end];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? head : head[..at];
        var target = at < 0 ? null : head[(at + 1)..];
        if (target is not null && !string.Equals(target, botUsername, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!CommandName().IsMatch(name))
        {
            return null;
        }

        return new ParsedCommand(name, text[end..].Trim(), target is not null);
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex CommandName();
}
