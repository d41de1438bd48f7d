using Bot.Telegram;
using Bot.Telegram.Receiving;

namespace Bot.Host;

public static class TelegramSetup
{
    /// <summary>The Telegram adapter, on when <c>Telegram:Token</c> (env <c>Telegram__Token</c>) is set. Options come
    /// from the <c>Telegram</c> section and are validated on start (one line naming the bad key; the token's value is
    /// never shown or logged). Updates are kept in the store's inbound journal until handled (see
    /// <see cref="StorageSetup.AddStore"/>), so the getUpdates offset and any update an instance left unhandled
    /// outlive that instance. In Webhook mode the bot's web
    /// server serves POST <c>/telegram/webhook</c>.</summary>
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelegramOptions.Section);
        if (string.IsNullOrWhiteSpace(section["Token"]))
        {
            builder.Services.AddHostedService<TelegramOffNotice>();
            return builder;
        }

        builder.Services.AddOptions<TelegramOptions>().Bind(section);
        builder.Services.AddTelegramAdapter();
        if (string.Equals(section["Mode"], nameof(TelegramMode.Webhook), StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton(new EndpointMapping(endpoints => endpoints.MapTelegramWebhook()));
        }

        return builder;
    }

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
