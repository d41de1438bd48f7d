using Bot.Storage;

namespace Bot.Host;

public static class StorageSetup
{
    /// <summary>The store: <c>Storage:Provider</c> = <c>Sqlite</c> (default; the file named by
    /// <c>ConnectionStrings:Bot</c>, default under <c>data/</c>) or <c>Postgres</c> (<c>ConnectionStrings:Bot</c> is then
    /// an Npgsql connection string, shared by every instance). In Postgres mode each instance still keeps a local SQLite
    /// file (<c>Storage:LocalCache</c>, default <c>data/bot.db</c>) for what is its own: the fact index built from its
    /// corpus files. Everything shared (subscriptions, the delivery ledger, Quartz, the Telegram intake) is in PostgreSQL.</summary>
    public static WebApplicationBuilder AddStore(this WebApplicationBuilder builder)
    {
        var store = Options(builder.Configuration);
        builder.Services.AddSingleton(store);
        var local = store.Provider == StoreProvider.Postgres
            ? builder.Configuration["Storage:LocalCache"] is { Length: > 0 } cache ? cache : StoreOptions.DefaultConnectionString
            : store.ConnectionString;
        builder.Services.AddSingleton(services => new SqliteDatabase(local, services.GetRequiredService<ILogger<SqliteDatabase>>()));
        if (store.Provider == StoreProvider.Postgres)
        {
            builder.Services.AddSingleton(services => new PostgresDatabase(store.ConnectionString, services.GetRequiredService<ILogger<PostgresDatabase>>()));
        }

        return builder;
    }

    /// <summary><c>Storage:Provider</c> and <c>ConnectionStrings:Bot</c>; Postgres without a connection string stops
    /// start-up naming the key.</summary>
    public static StoreOptions Options(IConfiguration configuration)
    {
        var provider = StoreOptions.ParseProvider(configuration["Storage:Provider"]);
        var connectionString = configuration.GetConnectionString("Bot");
        if (provider == StoreProvider.Postgres && (string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException("Storage:Provider is Postgres: ConnectionStrings:Bot (env ConnectionStrings__Bot) must be an Npgsql connection string, e.g. Host=127.0.0.1;Username=bot;Password=…;Database=bot.");
        }

        return new StoreOptions
        {
            Provider = provider,
            ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? StoreOptions.DefaultConnectionString : connectionString,
        };
    }
}
