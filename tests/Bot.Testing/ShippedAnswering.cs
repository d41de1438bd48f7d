using Bot.Answering;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Testing;

/// <summary>The question path as the bot ships it: the repository's config/answering vocabulary and fitted model,
/// over the default corpus or any folder of documents, found from the test binary up to the repository root.</summary>
public static class ShippedAnswering
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<AnsweringVocabulary> DefaultVocabulary = new(() => VocabularyFor(Path.Combine("config", "answering", "domain")));
    private static readonly Lazy<AnsweringModel> ShippedModel = new(() => AnsweringModel.Load(Path.Combine(Root, "config", "answering", "model.json")));
    private static readonly Lazy<QuestionPipeline> DefaultPipeline = new(() => PipelineFor(Path.Combine("config", "corpus"), Vocabulary));

    public static string Root => RootFolder.Value;

    public static AnsweringVocabulary Vocabulary => DefaultVocabulary.Value;

    public static AnsweringModel Model => ShippedModel.Value;

    public static IAnswererFactory Factory => new QuestionPipelineFactory(Vocabulary, Model);

    /// <summary>The question path over the default corpus (config/corpus), built once per test run.</summary>
    public static QuestionPipeline Pipeline => DefaultPipeline.Value;

    /// <summary>The general vocabulary with a corpus's own folder (relative to the repository root).</summary>
    public static AnsweringVocabulary VocabularyFor(string domainFolder) =>
        VocabularyFiles.Load(Path.Combine(Root, "config", "answering"), Path.Combine(Root, domainFolder));

    /// <summary>The documents of a folder (relative to the repository root), parsed as the store would hold them.</summary>
    public static IReadOnlyList<ParsedDocument> Parse(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Root, folder), "*.txt").Order(StringComparer.Ordinal)
            .Select(f => DocumentParser.Parse(new DocumentText(Path.GetFileName(f), File.ReadAllText(f))))];

    public static QuestionPipeline PipelineFor(string corpusFolder, AnsweringVocabulary vocabulary) =>
        new(QuestionPipelineFactory.Index(Parse(corpusFolder), vocabulary), vocabulary, Model);
}
