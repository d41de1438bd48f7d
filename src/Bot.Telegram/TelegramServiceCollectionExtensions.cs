using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Telegram.Formatting;
using Bot.Telegram.Moderation;
using Bot.Telegram.Receiving;
using Bot.Telegram.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
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
}
