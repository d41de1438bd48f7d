using Bot.Core.Messaging;
using Bot.Storage;
using Bot.Storage.Inbound;

namespace Bot.Host;

public static class StorageSetup
{
    /// <summary>The store: <c>Storage:Provider</c> = <c>Sqlite</c> (default; the file named by
    /// <c>ConnectionStrings:Bot</c>, default under <c>data/</c>) or <c>Postgres</c> (<c>ConnectionStrings:Bot</c> is then
    /// an Npgsql connection string, shared by every instance). In Postgres mode each instance still keeps a local SQLite
    /// file (<c>Storage:LocalCache</c>, default <c>data/bot.db</c>) for what is its own: the fact index built from its
    /// corpus files. Everything shared (subscriptions, the delivery ledger, Quartz, the inbound journal) is in PostgreSQL.</summary>
    public static WebApplicationBuilder AddStore(this WebApplicationBuilder builder)
    {
        var store = Options(builder.Configuration);
        builder.Services.AddSingleton(store);
        var local = store.Provider == StoreProvider.Postgres
            ? builder.Configuration["Storage:LocalCache"] is { Length: > 0 } cache ? cache : StoreOptions.DefaultConnectionString
            : store.ConnectionString;
        var localKey = store.Provider == StoreProvider.Postgres ? "Storage:LocalCache" : "ConnectionStrings:Bot";
        builder.Services.AddSingleton(services =>
        {
            ProbeFolder(localKey, local);
            return new SqliteDatabase(local, services.GetRequiredService<ILogger<SqliteDatabase>>());
        });
        if (store.Provider == StoreProvider.Postgres)
        {
            builder.Services.AddSingleton(services => new PostgresDatabase(store.ConnectionString, services.GetRequiredService<ILogger<PostgresDatabase>>()));
            var instance = InstanceId(builder.Configuration);
            builder.Services.AddSingleton<IInboundJournal>(services =>
                new PostgresInboundJournal(services.GetRequiredService<PostgresDatabase>(), instance, services.GetService<TimeProvider>()));
        }
        else
        {
            builder.Services.AddSingleton<IInboundJournal>(services =>
                new SqliteInboundJournal(services.GetRequiredService<SqliteDatabase>(), services.GetService<TimeProvider>()));
        }

        return builder;
    }

    /// <summary>This instance's name in the cluster (set by <c>AddScheduling</c> in Postgres mode), which holds the
    /// inbound entries it records until it has handled them.</summary>
    private static string InstanceId(ConfigurationManager configuration) =>
        configuration["Scheduling:InstanceId"] is { Length: > 0 } id ? id : new Bot.Scheduling.SchedulingOptions().ResolvedInstanceId;

    /// <summary>The SQLite file's folder must be writable (the database, its WAL and the logs live there); finding
    /// out here names the key and the folder instead of failing later with SQLite's "unable to open database file".</summary>
    private static void ProbeFolder(string key, string connectionString)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || connectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key}: the store folder {folder} cannot be written ({ex.Message}). Point {key} at a writable folder (Data Source=/data/bot.db in Docker).", ex);
        }
    }

    /// <summary>A misspelt keyword ("Data Sorce") is caught here, where the key it came from is known, rather than at the
    /// first open deep inside start-up.</summary>
    private static void Parse(StoreProvider provider, string connectionString)
    {
        try
        {
            _ = provider == StoreProvider.Postgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(connectionString).ConnectionString
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException ex)
        {
            var example = provider == StoreProvider.Postgres ? "Host=127.0.0.1;Username=bot;Password=…;Database=bot" : "Data Source=data/bot.db";
            throw new InvalidOperationException($"ConnectionStrings:Bot (env ConnectionStrings__Bot) is not a valid {provider} connection string: {ex.Message.Split(". ")[0]}. Example: {example}.", ex);
        }
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

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Parse(provider, connectionString);
        }

        return new StoreOptions
        {
            Provider = provider,
            ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? StoreOptions.DefaultConnectionString : connectionString,
        };
    }
}
