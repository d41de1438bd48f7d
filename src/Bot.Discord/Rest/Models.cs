using System.Text.Json;

namespace Bot.Discord.Rest;

// Typed subsets of Discord's API v10 objects: only the fields the adapter reads or writes, named as in the
// official documentation (snake_case through DiscordJson.Options). Snowflakes and permission sets are strings.

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBotResponse(string Url, int Shards, SessionStartLimit? SessionStartLimit);

/// <param name="ResetAfter">Milliseconds after which the limit resets.</param>
/// <param name="MaxConcurrency">Identify requests allowed per 5 seconds.</param>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

public sealed record DiscordUser(string Id, string? Username, string? GlobalName, bool? Bot);

public sealed record GuildMember(DiscordUser? User, string? Nick, IReadOnlyList<string>? Roles, string? Permissions);

public sealed record Channel(
    string Id,
    int Type,
    string? GuildId,
    string? Name,
    string? ParentId);

public sealed record Application(string Id, string? Name);

public sealed record Message(string Id, string? ChannelId, string? Content, string? Nonce);

/// <summary>A Discord error body: <c>{"code": 50001, "message": "Missing Access"}</c>, or a 429 body.</summary>
public sealed record ErrorBody(int? Code, string? Message, double? RetryAfter, bool? Global);

// ---- Outgoing messages ----

public sealed record AllowedMentions
{
    /// <summary>Always empty: nothing in the text pings anyone ("@everyone" included).</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];

    /// <summary>The one role a scheduled post may mention.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    public static AllowedMentions None { get; } = new();
}

public sealed record EmbedFooter(string Text);

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public int? Color { get; init; }
    public EmbedFooter? Footer { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }

    /// <summary>The characters Discord counts toward the 6,000 total per message.</summary>
    public int CountedLength =>
        (Title?.Trim().Length ?? 0) + (Description?.Trim().Length ?? 0) + (Footer?.Text.Trim().Length ?? 0)
        + (Fields?.Sum(f => f.Name.Trim().Length + f.Value.Trim().Length) ?? 0);
}

/// <summary>A button (component type 2) inside an action row (component type 1).</summary>
public sealed record Component
{
    public int Type { get; init; }
    public int? Style { get; init; }
    public string? Label { get; init; }
    public string? CustomId { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
}

/// <summary>The body of Create Message, an interaction callback's data, or an edit of the original response.</summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;
    public IReadOnlyList<Component>? Components { get; init; }

    /// <summary>64 = EPHEMERAL (interaction responses only).</summary>
    public int? Flags { get; init; }

    /// <summary>Up to 25 characters; with <see cref="EnforceNonce"/> Discord returns the earlier message instead of creating a duplicate.</summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }
}

public static class MessageFlags
{
    public const int Ephemeral = 1 << 6;
}

// ---- Interactions ----

public static class InteractionType
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int ApplicationCommandAutocomplete = 4;
    public const int ModalSubmit = 5;
}

public static class InteractionCallbackType
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int ApplicationCommandAutocompleteResult = 8;
}

public sealed record Interaction(
    string Id,
    string ApplicationId,
    int Type,
    InteractionData? Data,
    string? GuildId,
    string? ChannelId,
    GuildMember? Member,
    DiscordUser? User,
    string Token,
    string? AppPermissions,
    PartialChannel? Channel = null);

/// <summary>A channel as an interaction carries it (the interaction's own, or one a channel option names, under
/// <c>data.resolved.channels</c>): <see cref="AppPermissions"/> is the bot's computed permission set there, overwrites
/// included.</summary>
public sealed record PartialChannel(string Id, int? Type, string? AppPermissions);

/// <summary>The objects an interaction's options name, by id (only channels are read).</summary>
public sealed record ResolvedData(IReadOnlyDictionary<string, PartialChannel>? Channels);

/// <summary>Application command data (types 2 and 4) or message component data (type 3).</summary>
public sealed record InteractionData(
    string? Id,
    string? Name,
    int? Type,
    IReadOnlyList<InteractionDataOption>? Options,
    string? CustomId,
    int? ComponentType,
    ResolvedData? Resolved = null);

public sealed record InteractionDataOption(
    string Name,
    int Type,
    JsonElement? Value,
    IReadOnlyList<InteractionDataOption>? Options,
    bool? Focused);

public sealed record InteractionResponse(int Type, object? Data = null);

public sealed record AutocompleteChoice(string Name, string Value);

public sealed record AutocompleteData(IReadOnlyList<AutocompleteChoice> Choices);

// ---- Application commands ----

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Discord's own names for the option types")]
public static class ApplicationCommandOptionType
{
    public const int SubCommand = 1;
    public const int SubCommandGroup = 2;
    public const int String = 3;
    public const int Integer = 4;
    public const int Boolean = 5;
    public const int User = 6;
    public const int Channel = 7;
    public const int Role = 8;
    public const int Mentionable = 9;
    public const int Number = 10;
}

public static class ChannelType
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public const int GuildAnnouncement = 5;
}

public sealed record ApplicationCommandOption
{
    public int Type { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool? Required { get; init; }
    public bool? Autocomplete { get; init; }
    public IReadOnlyList<int>? ChannelTypes { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public int? MaxLength { get; init; }
}

public sealed record ApplicationCommand
{
    public string? Id { get; init; }

    /// <summary>1 = CHAT_INPUT (slash command).</summary>
    public int Type { get; init; } = 1;

    public required string Name { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>A permission bit set as a string; "32" = MANAGE_GUILD.</summary>
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>Interaction contexts (0 guild, 1 bot DM), global commands only.</summary>
    public IReadOnlyList<int>? Contexts { get; init; }
}
