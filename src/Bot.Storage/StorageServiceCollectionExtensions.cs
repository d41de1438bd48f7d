using Bot.Core.Facts;
using Bot.Core.Messaging;
using Bot.Storage.Facts;
using Bot.Storage.Inbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The store: <c>Storage:Provider</c> = <c>Sqlite</c> (default; the file named by
    /// <c>ConnectionStrings:Bot</c>, default under <c>data/</c>) or <c>Postgres</c> (<c>ConnectionStrings:Bot</c> is then
    /// an Npgsql connection string, shared by every instance). In Postgres mode each instance still keeps a local SQLite
    /// file (<c>Storage:LocalCache</c>, default <c>data/bot.db</c>) for what is its own: the fact index built from its
    /// corpus files. Everything shared (subscriptions, the delivery ledger, Quartz, the inbound journal) is in PostgreSQL.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var store = StoreOptions.Read(configuration);
        services.AddSingleton(store);
        var local = store.Provider == StoreProvider.Postgres
            ? configuration["Storage:LocalCache"] is { Length: > 0 } cache ? cache : StoreOptions.DefaultConnectionString
            : store.ConnectionString;
        var localKey = store.Provider == StoreProvider.Postgres ? "Storage:LocalCache" : "ConnectionStrings:Bot";
        services.AddSingleton(provider =>
        {
            ProbeFolder(localKey, local);
            return new SqliteDatabase(local, provider.GetRequiredService<ILogger<SqliteDatabase>>());
        });
        if (store.Provider == StoreProvider.Postgres)
        {
            services.AddSingleton(provider => new PostgresDatabase(store.ConnectionString, provider.GetRequiredService<ILogger<PostgresDatabase>>(), store.Retries, provider.GetService<TimeProvider>()));
            var instance = InstanceId(configuration);
            services.AddSingleton<IInboundJournal>(provider =>
                new PostgresInboundJournal(provider.GetRequiredService<PostgresDatabase>(), instance, provider.GetService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<IInboundJournal>(provider =>
                new SqliteInboundJournal(provider.GetRequiredService<SqliteDatabase>(), provider.GetService<TimeProvider>()));
        }

        return services;
    }

    /// <summary>The fact library over the store: the documents of <c>Corpus:Path</c> (relative to the content root,
    /// the folder holding <c>config/</c>), validated on start, answering questions and giving occasions their facts.
    /// Needs an <see cref="IAnswererFactory"/>; uses sentence vectors when <see cref="AddSentenceVectors"/> added them.</summary>
    public static IServiceCollection AddFactLibrary(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorpusOptions>().Bind(configuration.GetSection(CorpusOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorpusOptions>, CorpusOptionsValidator>();
        services.AddSingleton(provider => new SqliteFactStore(provider.GetRequiredService<SqliteDatabase>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider =>
        {
            var corpus = provider.GetRequiredService<IOptions<CorpusOptions>>().Value;
            return new FactLibrary(
                provider.GetRequiredService<SqliteFactStore>(),
                Path.GetFullPath(corpus.Path, provider.GetRequiredService<IHostEnvironment>().ContentRootPath),
                provider.GetRequiredService<IAnswererFactory>(),
                corpus.MaxDocumentBytes,
                provider.GetService<SentenceVectorStore>());
        });
        services.AddSingleton<IQuestionAnswerer>(provider => provider.GetRequiredService<FactLibrary>());
        services.AddSingleton<IFactCatalog>(provider => provider.GetRequiredService<FactLibrary>());
        return services;
    }

    /// <summary>Sentence vectors kept beside the fact index, computed by the registered <see cref="ISentenceEmbedder"/>
    /// (semantic answering).</summary>
    public static IServiceCollection AddSentenceVectors(this IServiceCollection services) =>
        services.AddSingleton(provider => new SentenceVectorStore(
            provider.GetRequiredService<SqliteDatabase>(),
            provider.GetRequiredService<ISentenceEmbedder>()));

    /// <summary>When running the bot: the corpus is ingested and the answering index loaded before anything is answered.</summary>
    public static IServiceCollection AddCorpusIngestAtStart(this IServiceCollection services) =>
        services.AddHostedService<CorpusIngestAtStart>();

    /// <summary>This instance's name in the cluster (<c>Scheduling:InstanceId</c>, else a new one), which holds the
    /// inbound entries it records until it has handled them.</summary>
    private static string InstanceId(IConfiguration configuration) =>
        configuration["Scheduling:InstanceId"] is { Length: > 0 } id ? id : StoreOptions.NewInstanceId();

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

    private sealed class CorpusOptionsValidator : IValidateOptions<CorpusOptions>
    {
        public ValidateOptionsResult Validate(string? name, CorpusOptions options) =>
            string.IsNullOrWhiteSpace(options.Path)
                ? ValidateOptionsResult.Fail("Corpus:Path is empty: set it to the folder of documents (default config/corpus).")
                : options.MaxDocumentBytes < 1
                    ? ValidateOptionsResult.Fail($"Corpus:MaxDocumentBytes must be a positive number of bytes (got {options.MaxDocumentBytes}; default {CorpusFolder.DefaultMaxDocumentBytes}).")
                    : ValidateOptionsResult.Success;
    }
}
