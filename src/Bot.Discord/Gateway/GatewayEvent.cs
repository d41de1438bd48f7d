using System.Text.Json;
using Bot.Core.Subscriptions;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>What an event handler may use. Handlers run on the receive loop, so anything slow goes through
/// <see cref="Background"/>.</summary>
internal sealed class GatewayEventContext(InteractionHandler interactions, Action<Func<IChannelEvents, Task>> background, ILogger log)
{
    public InteractionHandler Interactions => interactions;

    public ILogger Log => log;

    public void Background(Func<IChannelEvents, Task> work) => background(work);
}

/// <summary>One row of the dispatch table: a Gateway event name and what the bot does with its payload.</summary>
internal abstract class GatewayEvent(string name)
{
    public string Name => name;

    public abstract void Handle(JsonElement data, GatewayEventContext context);
}

/// <summary>A Gateway event whose payload reads as <typeparamref name="TPayload"/>; a payload that reads as null
/// is ignored, as Discord sends nothing the bot could act on then.</summary>
internal sealed class GatewayEvent<TPayload>(string name, Action<TPayload, GatewayEventContext> handle) : GatewayEvent(name)
    where TPayload : class
{
    public override void Handle(JsonElement data, GatewayEventContext context)
    {
        if (DiscordJson.Deserialize<TPayload>(data) is { } payload)
        {
            handle(payload, context);
        }
    }
}
