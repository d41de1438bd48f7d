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

    /// <summary>Reads <c>Storage:Provider</c>; an unknown value stops start-up with one line naming the key.</summary>
    public static StoreProvider ParseProvider(string? value) => value switch
    {
        null or "" => StoreProvider.Sqlite,
        _ when Enum.TryParse<StoreProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider) => provider,
        _ => throw new InvalidOperationException($"Storage:Provider must be Sqlite or Postgres (is '{value}')."),
    };
}
