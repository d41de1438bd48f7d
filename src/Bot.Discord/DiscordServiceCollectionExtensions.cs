using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The Discord adapter, on when <c>Discord:Token</c> (env <c>Discord__Token</c>) is set: settings from the
    /// <c>Discord</c> section validated on start (one line naming the bad key), <see cref="DiscordPlatform"/> for the
    /// delivery pipeline, command registration by bulk overwrite, and the Gateway connection (<c>Discord:Mode</c>
    /// Gateway, the default) or the signed <c>/discord/interactions</c> endpoint (Http; <see cref="MapDiscord"/>).
    /// Without a token it is off, said in one log line.</summary>
    public static IServiceCollection AddDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new DiscordOptions();
        configuration.GetSection(DiscordOptions.Section).Bind(options);
        if (!options.Enabled)
        {
            services.AddHostedService(provider => new OneLineNotice(
                provider.GetRequiredService<ILogger<DiscordOptions>>(),
                "Discord is off: set Discord:Token (env Discord__Token) to connect the bot to Discord."));
            return services;
        }

        var problem = options.Validate();
        if (problem is not null)
        {
            // Fails the start with one line naming the key, before anything connects.
            services.AddOptions<DiscordOptions>().Validate(_ => false, problem).ValidateOnStart();
            return services;
        }

        return services.AddDiscordAdapter(options);
    }

    /// <summary>The interactions endpoint, when <see cref="AddDiscord"/> turned Discord on in Http mode; else nothing.</summary>
    public static IEndpointRouteBuilder MapDiscord(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<DiscordOptions>() is { ParsedMode: DiscordMode.Http })
        {
            endpoints.MapDiscordInteractions();
        }

        return endpoints;
    }

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

    private sealed class OneLineNotice(ILogger log, string line) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            log.LogInformation("{Notice}", line);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
