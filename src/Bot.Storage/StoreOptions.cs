namespace Bot.Storage;

/// <summary>Where the store lives: <c>ConnectionStrings:Bot</c> (env <c>ConnectionStrings__Bot</c>).</summary>
public sealed class StoreOptions
{
    public const string DefaultConnectionString = "Data Source=data/bot.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;
}
