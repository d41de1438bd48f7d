namespace Bot.Core.Messaging;

/// <summary>A platform-neutral message. Adapters render it: HTML on Telegram, an embed on Discord, plain text on
/// the console. All text here is raw (never pre-escaped); each adapter escapes for its own format.</summary>
public sealed record OutgoingMessage(string Text)
{
    /// <summary>A heading, rendered bold (Telegram) or as the embed title (Discord).</summary>
    public string? Title { get; init; }

    /// <summary>Cited passages shown under the text, each naming its document.</summary>
    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>A short closing line such as a hint ("Try /fact or /help").</summary>
    public string? Footer { get; init; }

    /// <summary>Only the caller should see it (Discord ephemeral replies; ignored where a platform cannot).</summary>
    public bool Private { get; init; }

    /// <summary>A role to mention at the top of a scheduled post (Discord role id); never @everyone.</summary>
    public string? MentionRoleId { get; init; }

    /// <summary>Optional choice buttons (Telegram inline keyboard, Discord components).</summary>
    public IReadOnlyList<MessageChoice> Choices { get; init; } = [];
}

/// <summary>A passage a message relies on: the quoted text and the document it comes from.</summary>
public sealed record Citation(string DocumentId, string Title, string? Date, string? Source, string Quote);

/// <summary>A button: its label and the command line it runs when pressed (e.g. "/timezone Asia/Phnom_Penh").</summary>
public sealed record MessageChoice(string Label, string CommandLine);
