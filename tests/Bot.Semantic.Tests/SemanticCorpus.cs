using Bot.Core.Facts;
using Bot.Core.Tests.Facts;
using Bot.Semantic;

namespace Bot.Semantic.Tests;

/// <summary>One model for the whole test run (loading it costs seconds), and the default corpus answered with
/// semantic scoring on: every sentence embedded once, as an ingest would.</summary>
public static class SemanticCorpus
{
    private static readonly Lazy<MiniLmEmbedder> Model = new(() => new MiniLmEmbedder());

    private static readonly Lazy<FactAnswerer> Shared = new(() =>
    {
        var index = Corpus.Answerer.Index;
        var vectors = Model.Value.Embed([.. index.Sentences.Select(s => s.Text)], CancellationToken.None);
        return new FactAnswerer(index, new SentenceVectors(Model.Value, vectors));
    });

    public static MiniLmEmbedder Embedder => Model.Value;

    public static FactAnswerer Answerer => Shared.Value;
}
