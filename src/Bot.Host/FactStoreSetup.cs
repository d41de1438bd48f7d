using Bot.Answering;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
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

    /// <summary>The general vocabulary (stop words, chat rewrites, synonyms, question types): config/answering/README.md.</summary>
    public string VocabularyPath { get; set; } = "config/answering";

    /// <summary>The corpus's own vocabulary (its abbreviations and names); empty for none.</summary>
    public string? DomainVocabularyPath { get; set; } = "config/answering/domain";

    /// <summary>The fitted ranker and decision, written by the train-answering verb.</summary>
    public string ModelPath { get; set; } = "config/answering/model.json";
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
        builder.Services.AddSingleton<IAnswererFactory>(services => services.GetRequiredService<AnsweringFiles>().Factory());
        builder.Services.AddSingleton<AnsweringFiles>();

        builder.Services.AddSingleton(services => new SqliteFactStore(services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<TimeProvider>()));
        var semantic = builder.Configuration.GetValue<bool>("Answering:Semantic");
        if (semantic)
        {
            // Before AddSentenceVectors, whose compilation would already need the model's assembly.
            if (Bot.Semantic.EmbeddingModel.Problem() is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            AddSentenceVectors(builder.Services);
        }

        builder.Services.AddSingleton(services =>
        {
            var corpus = services.GetRequiredService<IOptions<CorpusOptions>>().Value;
            return new FactLibrary(
                services.GetRequiredService<SqliteFactStore>(),
                services.GetRequiredService<BotPaths>().Resolve(corpus.Path),
                services.GetRequiredService<IAnswererFactory>(),
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
        builder.Services.AddSingleton<ICliVerb, TrainAnsweringVerb>();

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

/// <summary>The answering vocabulary and model files named by <see cref="AnsweringOptions"/>, read once.</summary>
public sealed class AnsweringFiles(IOptions<AnsweringOptions> options, BotPaths paths, TimeProvider clock)
{
    private readonly Lazy<(AnsweringVocabulary Vocabulary, AnsweringModel Model)> _loaded = new(() => Load(options.Value, paths));

    public AnsweringVocabulary Vocabulary => _loaded.Value.Vocabulary;

    public AnsweringModel Model => _loaded.Value.Model;

    public IAnswererFactory Factory() => new QuestionPipelineFactory(Vocabulary, Model, clock);

    public string Resolve(string path) => paths.Resolve(path);

    internal static (AnsweringVocabulary, AnsweringModel) Load(AnsweringOptions options, BotPaths paths) =>
        (VocabularyFiles.Load(paths.Resolve(options.VocabularyPath), string.IsNullOrWhiteSpace(options.DomainVocabularyPath) ? null : paths.Resolve(options.DomainVocabularyPath)),
         AnsweringModel.Load(paths.Resolve(options.ModelPath)));
}

/// <summary>Reads the vocabulary and the model at start: a missing or malformed file stops start-up with the file,
/// the line and the setting named.</summary>
internal sealed class AnsweringOptionsValidator(BotPaths paths, RunMode mode) : IValidateOptions<AnsweringOptions>
{
    public ValidateOptionsResult Validate(string? name, AnsweringOptions options)
    {
        try
        {
            if (mode.Verb == TrainAnsweringVerb.VerbName)
            {
                // Fitting writes the model: only the vocabulary has to be readable.
                VocabularyFiles.Load(paths.Resolve(options.VocabularyPath), string.IsNullOrWhiteSpace(options.DomainVocabularyPath) ? null : paths.Resolve(options.DomainVocabularyPath));
                return ValidateOptionsResult.Success;
            }

            AnsweringFiles.Load(options, paths);
            return ValidateOptionsResult.Success;
        }
        catch (VocabularyException ex)
        {
            return ValidateOptionsResult.Fail($"Answering:VocabularyPath / DomainVocabularyPath / ModelPath: {ex.Message}");
        }
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
        if (library.FollowsIngestedFolder)
        {
            log.LogInformation("{Summary} Corpus: {Folder}, recorded by `ingest --corpus` in place of Corpus:Path {Configured}", report.Summary, library.CorpusFolder, library.ConfiguredFolder);
        }
        else
        {
            log.LogInformation("{Summary} Corpus: {Folder}", report.Summary, library.CorpusFolder);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
