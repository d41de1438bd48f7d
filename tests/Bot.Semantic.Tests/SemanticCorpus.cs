using Bot.Answering;
using Bot.Core.Facts;
using Bot.Testing;

namespace Bot.Semantic.Tests;

/// <summary>One model for the whole test run (loading it costs seconds), and the default corpus's question path with
/// semantic answering on: every sentence embedded once, as an ingest would.</summary>
public static class SemanticCorpus
{
    private static readonly Lazy<MiniLmEmbedder> Model = new(() => new MiniLmEmbedder());

    private static readonly Lazy<QuestionPipeline> Shared = new(() =>
    {
        var index = ShippedAnswering.Pipeline.Index;
        var vectors = Model.Value.Embed([.. index.Sentences.Select(s => s.Text)], CancellationToken.None);
        return new QuestionPipeline(index, ShippedAnswering.Vocabulary, ShippedAnswering.Model, new SentenceVectors(Model.Value, vectors));
    });

    public static MiniLmEmbedder Embedder => Model.Value;

    public static QuestionPipeline Pipeline => Shared.Value;
}
