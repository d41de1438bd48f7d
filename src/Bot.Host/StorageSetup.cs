using Bot.Storage;

namespace Bot.Host;

public static class StorageSetup
{
    /// <summary>The store named by <c>ConnectionStrings:Bot</c> (default a SQLite file under <c>data/</c>).</summary>
    public static WebApplicationBuilder AddStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Bot");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = StoreOptions.DefaultConnectionString;
        }

        builder.Services.AddSingleton(services => new SqliteDatabase(
            connectionString,
            services.GetRequiredService<ILogger<SqliteDatabase>>()));
        return builder;
    }
}
