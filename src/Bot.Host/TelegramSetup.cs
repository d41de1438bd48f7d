using Bot.Storage;
using Bot.Storage.Telegram;
using Bot.Telegram;
using Bot.Telegram.Receiving;

namespace Bot.Host;

public static class TelegramSetup
{
    /// <summary>The Telegram adapter, on when <c>Telegram:Token</c> (env <c>Telegram__Token</c>) is set. Options come
    /// from the <c>Telegram</c> section and are validated on start (one line naming the bad key; the token's value is
    /// never shown or logged). Updates are kept in the bot's store until handled: the SQLite file, or with
    /// <c>Storage:Provider=Postgres</c> the shared database, so the getUpdates offset and any update an instance
    /// left unhandled outlive that instance. In Webhook mode the bot's web
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
        var provider = StorageSetup.Options(builder.Configuration).Provider;
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<ITelegramUpdateStore>(services => new StoredTelegramUpdates(provider == StoreProvider.Postgres
            ? new PostgresTelegramUpdateRepository(services.GetRequiredService<PostgresDatabase>(), InstanceId(configuration), services.GetService<TimeProvider>())
            : new TelegramUpdateRepository(services.GetRequiredService<SqliteDatabase>(), services.GetService<TimeProvider>())));
        builder.Services.AddTelegramAdapter();
        if (string.Equals(section["Mode"], nameof(TelegramMode.Webhook), StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton(new EndpointMapping(endpoints => endpoints.MapTelegramWebhook()));
        }

        return builder;
    }

    /// <summary>This instance's name in the cluster (set by <c>AddScheduling</c> in Postgres mode), which holds the
    /// updates it stores until it has handled them.</summary>
    private static string InstanceId(ConfigurationManager configuration) =>
        configuration["Scheduling:InstanceId"] is { Length: > 0 } id ? id : new Bot.Scheduling.SchedulingOptions().ResolvedInstanceId;

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

    /// <summary>The adapter's update store on the bot's database.</summary>
    private sealed class StoredTelegramUpdates(ITelegramUpdateRepository repository) : ITelegramUpdateStore
    {
        public Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken) =>
            repository.LoadOffsetAsync(botId, cancellationToken);

        public async Task<IReadOnlyList<StoredUpdate>> SaveAsync(long botId, IReadOnlyList<StoredUpdate> updates, int? nextOffset, CancellationToken cancellationToken) =>
            [.. (await repository.SaveAsync(botId, [.. updates.Select(u => new TelegramUpdateRow(u.UpdateId, u.ChatId, u.Payload))], nextOffset, cancellationToken))
                .Select(r => new StoredUpdate(r.UpdateId, r.ChatId, r.Payload))];

        public async Task<IReadOnlyList<StoredUpdate>> LoadPendingAsync(long botId, CancellationToken cancellationToken) =>
            [.. (await repository.LoadPendingAsync(botId, cancellationToken)).Select(r => new StoredUpdate(r.UpdateId, r.ChatId, r.Payload))];

        public Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken) =>
            repository.MarkHandledAsync(botId, updateId, cancellationToken);
    }
}
