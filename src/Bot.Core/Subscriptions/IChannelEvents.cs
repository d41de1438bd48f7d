using Bot.Core.Messaging;

namespace Bot.Core.Subscriptions;

/// <summary>What platform adapters report about channels outside of commands, so subscriptions follow reality.</summary>
public interface IChannelEvents
{
    /// <summary>A channel was deleted: its subscription is paused with the reason.</summary>
    Task ChannelRemovedAsync(ChannelAddress channel, string reason, CancellationToken cancellationToken);

    /// <summary>The bot left or was removed from a guild (Discord) or chat (Telegram, guildId = chat id): its
    /// subscriptions pause now and are removed after the retention period unless the bot comes back.</summary>
    Task BotRemovedAsync(string platform, string guildId, string reason, CancellationToken cancellationToken);

    /// <summary>The bot is (again) in a guild or chat: a pending removal is cancelled.</summary>
    Task BotPresentAsync(string platform, string guildId, CancellationToken cancellationToken);
}
