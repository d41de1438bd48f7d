using System.Collections.Concurrent;
using System.Text.Json;
using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>The Gateway events the bot uses: INTERACTION_CREATE (commands), GUILD_CREATE (the bot is in a
/// guild), GUILD_DELETE (removed from a guild, unless it is only an outage) and CHANNEL_DELETE. Nothing here
/// blocks the receive loop: the work runs in the background.</summary>
public sealed class DiscordGatewayEvents(InteractionHandler interactions, Func<IChannelEvents?> channelEvents, ILogger<DiscordGatewayEvents> log) : IGatewayEventSink
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        switch (eventName)
        {
            case "INTERACTION_CREATE":
                var interaction = DiscordJson.Deserialize<Interaction>(data);
                if (interaction is not null)
                {
                    interactions.HandleFromGateway(interaction);
                }

                break;
            case "GUILD_CREATE":
                var joined = DiscordJson.Deserialize<GuildEventData>(data);
                if (joined is not null && joined.Unavailable != true)
                {
                    Background(events => events.BotPresentAsync(DiscordPlatform.PlatformName, joined.Id, CancellationToken.None));
                }

                break;
            case "GUILD_DELETE":
                var left = DiscordJson.Deserialize<GuildEventData>(data);
                if (left is null)
                {
                    break;
                }

                if (left.Unavailable == true)
                {
                    // An outage, not a removal: subscriptions stay as they are.
                    log.LogInformation("Discord guild {Guild} is unavailable (outage); its subscriptions are kept", left.Id);
                }
                else
                {
                    log.LogInformation("The bot was removed from Discord guild {Guild}", left.Id);
                    Background(events => events.BotRemovedAsync(DiscordPlatform.PlatformName, left.Id, "The bot was removed from the Discord server", CancellationToken.None));
                }

                break;
            case "CHANNEL_DELETE":
                var channel = DiscordJson.Deserialize<ChannelEventData>(data);
                if (channel is not null)
                {
                    var address = new ChannelAddress(DiscordPlatform.PlatformName, channel.Id, channel.GuildId);
                    Background(events => events.ChannelRemovedAsync(address, "The Discord channel was deleted", CancellationToken.None));
                }

                break;
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for the background event work (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private void Background(Func<IChannelEvents, Task> work)
    {
        var events = channelEvents();
        if (events is null)
        {
            return;
        }

        var task = Task.Run(async () =>
        {
            try
            {
                await work(events);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Handling a Discord channel event failed");
            }
        });
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }
}
