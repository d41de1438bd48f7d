using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>Registers the Discord adapter for validated, enabled <paramref name="options"/>: the REST client,
    /// <see cref="DiscordPlatform"/> as an <see cref="IChatPlatform"/>, the interaction handler, command
    /// registration on start, and the Gateway service (Gateway mode) or the signature verifier for the
    /// <c>/discord/interactions</c> endpoint (Http mode; map it with <see cref="InteractionsEndpoint.MapDiscordInteractions"/>).
    /// A <c>CommandDispatcher</c> must be registered by the host; interactions are recorded in its
    /// <see cref="IInboundJournal"/> (default: in memory).</summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, DiscordOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInboundJournal, InMemoryInboundJournal>();
        services.AddSingleton(options);
        services.AddSingleton(provider => new DiscordRestClient(
            // a plain client: no logging handler, so the Authorization header can never reach a log
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddSingleton<DiscordIdentity>();
        services.AddSingleton<DiscordPlatform>();
        services.AddSingleton<IChatPlatform>(provider => provider.GetRequiredService<DiscordPlatform>());
        services.AddSingleton<InteractionHandler>();

        if (options.RegisterCommands)
        {
            services.AddSingleton<DiscordCommandRegistrar>();
            services.AddHostedService(provider => provider.GetRequiredService<DiscordCommandRegistrar>());
        }

        if (options.ParsedMode == DiscordMode.Gateway)
        {
            services.TryAddSingleton<IGatewayTransport, WebSocketGatewayTransport>();
            services.AddSingleton(provider => new DiscordGatewayEvents(
                provider.GetRequiredService<InteractionHandler>(),
                () => provider.GetService<IChannelEvents>(),
                provider.GetRequiredService<ILogger<DiscordGatewayEvents>>()));
            services.AddSingleton<DiscordGatewayService>();
            services.AddHostedService(provider => provider.GetRequiredService<DiscordGatewayService>());
        }
        else
        {
            services.AddSingleton(new SignatureVerifier(options.PublicKey!));
            services.AddSingleton<ReplayGuard>();
        }

        return services;
    }
}
