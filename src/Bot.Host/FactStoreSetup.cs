using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Host.Verbs;
using Bot.Storage;
using Bot.Storage.Facts;
using Microsoft.Extensions.Options;

namespace Bot.Host;

/// <summary>Where the documents are (<c>Corpus:Path</c>, relative to the folder holding <c>config/</c>).</summary>
public sealed class CorpusOptions
{
    public string Path { get; set; } = "config/corpus";

    /// <summary>A bigger document is reported and skipped, unread.</summary>
    public long MaxDocumentBytes { get; set; } = CorpusFolder.DefaultMaxDocumentBytes;
}

/// <summary>How questions are answered. <c>Answering:Semantic</c> (sentence vectors) is not built in this
/// version: the lexical path answers, and asking for vectors stops start-up with a clear message.</summary>
public sealed class AnsweringOptions
{
    public bool Semantic { get; set; }
}

public static class FactStoreSetup
{
    /// <summary>The fact store: SQLite persistence, the in-memory answering index, the fact commands and verbs,
    /// and (when running the bot) an incremental ingest of the corpus before any question is answered.</summary>
    public static WebApplicationBuilder AddFactStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorpusOptions>().BindConfiguration("Corpus").ValidateOnStart();
        builder.Services.AddOptions<AnsweringOptions>().BindConfiguration("Answering").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CorpusOptions>, CorpusOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<AnsweringOptions>, AnsweringOptionsValidator>();

        builder.Services.AddSingleton(services => new SqliteFactStore(services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(services =>
        {
            var corpus = services.GetRequiredService<IOptions<CorpusOptions>>().Value;
            return new FactLibrary(services.GetRequiredService<SqliteFactStore>(), services.GetRequiredService<BotPaths>().Resolve(corpus.Path), corpus.MaxDocumentBytes);
        });
        builder.Services.AddSingleton<IQuestionAnswerer>(services => services.GetRequiredService<FactLibrary>());
        builder.Services.AddSingleton<IFactCatalog>(services => services.GetRequiredService<FactLibrary>());

        builder.Services.AddSingleton<IBotCommand, AskCommand>();
        builder.Services.AddSingleton<IBotCommand, FactCommand>();
        builder.Services.AddSingleton<IBotCommand, SourcesCommand>();
        builder.Services.AddSingleton<IBotCommand, HelpCommand>();
        builder.Services.AddSingleton<IBotCommand, StartCommand>();

        builder.Services.AddSingleton<ICliVerb, AskVerb>();
        builder.Services.AddSingleton<ICliVerb, IngestVerb>();
        builder.Services.AddSingleton<ICliVerb, FactsVerb>();

        builder.Services.AddSingleton(new StorePreparation((services, cancellationToken) =>
            services.GetRequiredService<FactLibrary>().IngestAsync(null, cancellationToken)));

        if (builder.Services.Any(d => d.ServiceType == typeof(RunMode) && d.ImplementationInstance is RunMode { IsBot: true }))
        {
            builder.Services.AddHostedService<CorpusIngestAtStart>();
        }

        return builder;
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

    private sealed class AnsweringOptionsValidator : IValidateOptions<AnsweringOptions>
    {
        public ValidateOptionsResult Validate(string? name, AnsweringOptions options) =>
            options.Semantic
                ? ValidateOptionsResult.Fail("Answering:Semantic=true is not available in this build; set it to false (lexical answering).")
                : ValidateOptionsResult.Success;
    }
}

/// <summary>Brings the store up to date with the corpus folder and loads the answering index before the bot
/// answers anything.</summary>
public sealed class CorpusIngestAtStart(FactLibrary library, ILogger<CorpusIngestAtStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await library.IngestAsync(null, cancellationToken);
        foreach (var (file, reason) in report.Skipped)
        {
            log.LogWarning("Skipped {File} in {Folder}: it {Reason}", file, library.CorpusFolder, reason);
        }

        await library.AnswererAsync(cancellationToken);
        log.LogInformation("{Summary} Corpus: {Folder}", report.Summary, library.CorpusFolder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
