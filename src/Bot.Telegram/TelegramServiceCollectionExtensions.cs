using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Telegram.Formatting;
using Bot.Telegram.Moderation;
using Bot.Telegram.Receiving;
using Bot.Telegram.Sending;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The Telegram adapter, on when <c>Telegram:Token</c> (env <c>Telegram__Token</c>) is set. Options come
    /// from the <c>Telegram</c> section and are validated on start (one line naming the bad key; the token's value is
    /// never shown or logged). Updates are kept in the registered <see cref="IInboundJournal"/> until handled, so with
    /// the store's journal the getUpdates offset and any update an instance left unhandled outlive that instance. In
    /// Webhook mode the bot's web server serves POST <c>/telegram/webhook</c> (<see cref="MapTelegram"/>). Without a
    /// token it is off, said in one log line.</summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelegramOptions.Section);
        if (!IsOn(section))
        {
            services.AddHostedService<TelegramOffNotice>();
            return services;
        }

        services.AddOptions<TelegramOptions>().Bind(section);
        return services.AddTelegramAdapter();
    }

    /// <summary>The webhook endpoint, when <see cref="AddTelegram"/> turned Telegram on in Webhook mode; else nothing.</summary>
    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints)
    {
        var section = endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(TelegramOptions.Section);
        if (IsOn(section) && string.Equals(section["Mode"], nameof(TelegramMode.Webhook), StringComparison.OrdinalIgnoreCase))
        {
            endpoints.MapTelegramWebhook();
        }

        return endpoints;
    }

    /// <summary>The Telegram adapter: <see cref="TelegramPlatform"/> as an <see cref="IChatPlatform"/>, the update
    /// handler and intake, and the receiver (polling or webhook registration) as a hosted service. The caller binds
    /// <see cref="TelegramOptions"/> (validated on start) and may register an <see cref="IInboundJournal"/>
    /// (default: in memory) and an <c>IChannelEvents</c>; map the webhook with
    /// <see cref="TelegramWebhook.MapTelegramWebhook"/> in Webhook mode.</summary>
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandDispatcher>();
        services.TryAddSingleton<IInboundJournal, InMemoryInboundJournal>();
        services.TryAddScoped<IUpdateHandler, UpdateHandler>();
        services.AddSingleton<TelegramClient>();
        services.AddSingleton<TelegramRetries>();
        services.AddSingleton<TelegramMetrics>();
        services.AddSingleton<TelegramRateLimiter>();
        services.AddSingleton<InlineKeyboards>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<ModeratorDirectory>();
        services.AddSingleton<KnownChats>();
        services.AddSingleton<TelegramPlatform>();
        services.AddSingleton<IChatPlatform>(sp => sp.GetRequiredService<TelegramPlatform>());
        services.AddSingleton<UpdateIntake>();
        services.AddHostedService<TelegramReceiver>();
        return services;
    }

    private static bool IsOn(IConfigurationSection section) => !string.IsNullOrWhiteSpace(section["Token"]);

    /// <summary>Says once, at start, that Telegram is off and how to turn it on.</summary>
    private sealed class TelegramOffNotice(ILogger<TelegramOffNotice> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            log.LogInformation("Telegram: off (no bot token; set Telegram__Token to turn it on)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
