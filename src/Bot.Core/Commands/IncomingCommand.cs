using Bot.Core.Messaging;

namespace Bot.Core.Commands;

/// <summary>A command as an adapter received it, already translated out of the platform's types.</summary>
/// <param name="Name">Command name without slash or @BotName, any case.</param>
/// <param name="Channel">Where it was asked; replies and channel settings refer to it.</param>
/// <param name="Caller">Who asked, and whether the platform says they moderate this channel.</param>
public sealed record IncomingCommand(string Name, ChannelAddress Channel, Caller Caller)
{
    /// <summary>The raw text after the command name (text platforms: Telegram, console).</summary>
    public string Arguments { get; init; } = "";

    /// <summary>Structured option values by name (Discord); when empty the dispatcher parses <see cref="Arguments"/>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the bot may post in a channel, by channel id, as the platform said with this command (Discord
    /// sends the bot's permissions in the interaction's channel and in each channel an option names). A command that
    /// needs to know about a channel not listed asks <see cref="IChatPlatform.CheckCanPostAsync"/>.</summary>
    public IReadOnlyDictionary<string, PostingCheck> PostingChecks { get; init; } = new Dictionary<string, PostingCheck>();
}

/// <param name="UserId">Platform user id (or the channel's id when a Telegram channel posts as itself).</param>
/// <param name="DisplayName">For audit entries and logs.</param>
/// <param name="IsModerator">Decided by the adapter from the platform's own rights.</param>
public sealed record Caller(string UserId, string DisplayName, bool IsModerator);
