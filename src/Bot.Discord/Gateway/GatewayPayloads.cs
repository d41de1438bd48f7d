using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.Extensions.Logging;

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
public sealed record GuildEventData(string Id, bool? Unavailable, string? Name)
{
    /// <summary>GUILD_CREATE: the bot is in the guild (an unavailable one is only an outage ending later).</summary>
    internal static GatewayEvent Created { get; } = new GatewayEvent<GuildEventData>("GUILD_CREATE", (joined, context) =>
    {
        if (joined.Unavailable != true)
        {
            context.Background(events => events.BotPresentAsync(DiscordPlatform.PlatformName, joined.Id, CancellationToken.None));
        }
    });

    /// <summary>GUILD_DELETE: the bot was removed from the guild, unless it is only an outage.</summary>
    internal static GatewayEvent Deleted { get; } = new GatewayEvent<GuildEventData>("GUILD_DELETE", (left, context) =>
    {
        if (left.Unavailable == true)
        {
            // An outage, not a removal: subscriptions stay as they are.
            context.Log.LogInformation("Discord guild {Guild} is unavailable (outage); its subscriptions are kept", left.Id);
        }
        else
        {
            context.Log.LogInformation("The bot was removed from Discord guild {Guild}", left.Id);
            context.Background(events => events.BotRemovedAsync(DiscordPlatform.PlatformName, left.Id, "The bot was removed from the Discord server", CancellationToken.None));
        }
    });
}

/// <summary>The channel of CHANNEL_DELETE.</summary>
public sealed record ChannelEventData(string Id, string? GuildId, string? Name, int Type)
{
    /// <summary>CHANNEL_DELETE: the channel's subscriptions go with it.</summary>
    internal static GatewayEvent Deleted { get; } = new GatewayEvent<ChannelEventData>("CHANNEL_DELETE", (channel, context) =>
    {
        var address = new ChannelAddress(DiscordPlatform.PlatformName, channel.Id, channel.GuildId);
        context.Background(events => events.ChannelRemovedAsync(address, "The Discord channel was deleted", CancellationToken.None));
    });
}

/// <summary>INTERACTION_CREATE: a command run where the bot is. Its payload, <see cref="Interaction"/>, is the one
/// the interactions endpoint receives too, so it lives with the REST models and its Gateway handler here.</summary>
internal static class InteractionCreate
{
    public static GatewayEvent Event { get; } = new GatewayEvent<Interaction>("INTERACTION_CREATE", (interaction, context) => context.Interactions.HandleFromGateway(interaction));
}
