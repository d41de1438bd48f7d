using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Host.Operations;
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

/// <summary>How questions are answered. <c>Answering:Semantic</c> adds sentence vectors (all-MiniLM-L6-v2, run
/// locally through ONNX Runtime) to the lexical ranking; off by default, since the model costs about two seconds
/// and some 330 MB more resident.</summary>
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

        builder.Services.AddSingleton(services => new SqliteFactStore(services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<TimeProvider>()));
        var semantic = builder.Configuration.GetValue<bool>("Answering:Semantic");
        if (semantic)
        {
            AddSentenceVectors(builder.Services);
        }

        builder.Services.AddSingleton(services =>
        {
            var corpus = services.GetRequiredService<IOptions<CorpusOptions>>().Value;
            return new FactLibrary(
                services.GetRequiredService<SqliteFactStore>(),
                services.GetRequiredService<BotPaths>().Resolve(corpus.Path),
                corpus.MaxDocumentBytes,
                semantic ? services.GetRequiredService<SentenceVectorStore>() : null);
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
            builder.Services.AddStartupMark("corpus");
        }

        return builder;
    }

    /// <summary>Kept out of <see cref="AddFactStore"/> so that ONNX Runtime and the model are not even loaded when
    /// semantic answering is off.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddSentenceVectors(IServiceCollection services)
    {
        services.AddSingleton<Bot.Semantic.MiniLmEmbedder>();
        services.AddSingleton(services => new SentenceVectorStore(
            services.GetRequiredService<SqliteDatabase>(),
            services.GetRequiredService<Bot.Semantic.MiniLmEmbedder>()));
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
