namespace Bot.Core.Messaging;

/// <summary>Where a message goes: a platform ("console", "telegram", "discord"), its channel or chat id and, on
/// Discord, the guild that owns the channel.</summary>
public sealed record ChannelAddress(string Platform, string ChannelId, string? GuildId = null)
{
    public override string ToString() => GuildId is null ? $"{Platform}:{ChannelId}" : $"{Platform}:{GuildId}/{ChannelId}";
}
