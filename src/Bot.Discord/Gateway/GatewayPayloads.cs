using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Discord.Gateway;

/// <summary>Gateway opcodes (developers/topics/opcodes-and-status-codes).</summary>
public static class GatewayOpcode
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>Gateway intents; the bot asks for GUILDS only (no privileged intent).</summary>
public static class GatewayIntents
{
    public const int Guilds = 1 << 0;
}

/// <summary>Every Gateway event: <c>{"op": 0, "d": {}, "s": 42, "t": "GATEWAY_EVENT_NAME"}</c>.</summary>
public sealed record GatewayPayload(
    [property: JsonPropertyName("op")] int Op,
    [property: JsonPropertyName("d")] JsonElement? D,
    [property: JsonPropertyName("s")] long? S,
    [property: JsonPropertyName("t")] string? T);

public sealed record HelloData(int HeartbeatInterval);

public sealed record ReadyData(int V, ReadyUser? User, string SessionId, string ResumeGatewayUrl, IReadOnlyList<int>? Shard, ReadyApplication? Application);

public sealed record ReadyUser(string Id, string? Username);

public sealed record ReadyApplication(string Id);

public sealed record IdentifyProperties(string Os, string Browser, string Device);

public sealed record IdentifyData(string Token, IdentifyProperties Properties, int Intents, IReadOnlyList<int>? Shard);

public sealed record ResumeData(string Token, string SessionId, long Seq);

/// <summary>A guild in GUILD_CREATE / GUILD_DELETE (an unavailable guild object when <c>unavailable</c> is set).</summary>
public sealed record GuildEventData(string Id, bool? Unavailable, string? Name);

/// <summary>The channel of CHANNEL_DELETE.</summary>
public sealed record ChannelEventData(string Id, string? GuildId, string? Name, int Type);
