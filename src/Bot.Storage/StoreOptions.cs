using Bot.Core.Resilience;
using Microsoft.Extensions.Configuration;

namespace Bot.Storage;

/// <summary>Which database holds the bot's state.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (one instance).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by any number of instances.</summary>
    Postgres,
}

/// <summary>Where the store lives: <c>Storage:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) and
/// <c>ConnectionStrings:Bot</c> (env <c>ConnectionStrings__Bot</c>).</summary>
public sealed class StoreOptions
{
    public const string DefaultConnectionString = "Data Source=data/bot.db";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary><c>Storage:Retries</c>: how opening a PostgreSQL connection is retried when the server is briefly
    /// unreachable (a restart refusing connections, a fail-over, too many connections; not a timeout, which has waited
    /// already). Only the opening is retried: it changes nothing.</summary>
    public RetryOptions Retries { get; set; } = DefaultRetries();

    public static RetryOptions DefaultRetries() => new() { MaxAttempts = 5, FirstDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(10) };

    /// <summary>Reads <c>Storage:Provider</c>; an unknown value stops start-up with one line naming the key.</summary>
    public static StoreProvider ParseProvider(string? value) => value switch
    {
        null or "" => StoreProvider.Sqlite,
        _ when Enum.TryParse<StoreProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider) => provider,
        _ => throw new InvalidOperationException($"Storage:Provider must be Sqlite or Postgres (is '{value}')."),
    };

    /// <summary><c>Storage:Provider</c> and <c>ConnectionStrings:Bot</c>; Postgres without a connection string stops
    /// start-up naming the key.</summary>
    public static StoreOptions Read(IConfiguration configuration)
    {
        var provider = ParseProvider(configuration["Storage:Provider"]);
        var connectionString = configuration.GetConnectionString("Bot");
        if (provider == StoreProvider.Postgres && (string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException("Storage:Provider is Postgres: ConnectionStrings:Bot (env ConnectionStrings__Bot) must be an Npgsql connection string, e.g. Host=127.0.0.1;Username=bot;Password=…;Database=bot.");
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Parse(provider, connectionString);
        }

        var retries = DefaultRetries();
        configuration.GetSection("Storage:Retries").Bind(retries);
        if (retries.MaxAttempts < 1 || retries.FirstDelay < TimeSpan.Zero || retries.MaxDelay < retries.FirstDelay || retries.Jitter is < 0 or > 1)
        {
            throw new InvalidOperationException(
                $"Storage:Retries must have MaxAttempts ≥ 1, 0 ≤ FirstDelay ≤ MaxDelay and Jitter between 0 and 1 (is MaxAttempts {retries.MaxAttempts}, FirstDelay {retries.FirstDelay}, MaxDelay {retries.MaxDelay}, Jitter {retries.Jitter}).");
        }

        return new StoreOptions
        {
            Provider = provider,
            ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString,
            Retries = retries,
        };
    }

    /// <summary>A name for this instance in the cluster, for when none is configured: host name, process id and a
    /// random suffix.</summary>
    public static string NewInstanceId() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

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
}
