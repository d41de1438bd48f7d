using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using Bot.Core.Subscriptions;
using Bot.Discord.Interactions;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>The Gateway events the bot uses, one row each in a table by event name: INTERACTION_CREATE (commands),
/// GUILD_CREATE (the bot is in a guild), GUILD_DELETE (removed from a guild, unless it is only an outage) and
/// CHANNEL_DELETE. Each handler lives beside its payload type. Nothing here blocks the receive loop: the work runs
/// in the background.</summary>
public sealed class DiscordGatewayEvents : IGatewayEventSink
{
    private static readonly FrozenDictionary<string, GatewayEvent> Table = new[]
    {
        InteractionCreate.Event, GuildEventData.Created, GuildEventData.Deleted, ChannelEventData.Deleted,
    }.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Func<IChannelEvents?> _channelEvents;
    private readonly ILogger<DiscordGatewayEvents> _log;
    private readonly GatewayEventContext _context;

    public DiscordGatewayEvents(InteractionHandler interactions, Func<IChannelEvents?> channelEvents, ILogger<DiscordGatewayEvents> log)
    {
        _channelEvents = channelEvents;
        _log = log;
        _context = new GatewayEventContext(interactions, Background, log);
    }

    public Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        if (Table.TryGetValue(eventName, out var gatewayEvent))
        {
            gatewayEvent.Handle(data, _context);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for the background event work (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private void Background(Func<IChannelEvents, Task> work)
    {
        var events = _channelEvents();
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
                _log.LogError(ex, "Handling a Discord channel event failed");
            }
        });
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }
}
