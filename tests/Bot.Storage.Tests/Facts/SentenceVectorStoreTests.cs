using Bot.Core.Facts;
using Bot.Storage.Facts;
using Bot.Answering;
using Bot.Testing;
using Shouldly;

namespace Bot.Storage.Tests.Facts;

/// <summary>Stored sentence vectors on a real SQLite file: computed once per sentence, recomputed only for what
/// changed, filled in when semantic answering is switched on over an existing store. The model is faked (it is an
/// edge: Bot.Semantic.Tests runs the real one).</summary>
public sealed class SentenceVectorStoreTests : IDisposable
{
    private const string Victory = CorpusWorkspace.Victory;
    private const string Trial = CorpusWorkspace.Trial;

    private readonly CorpusWorkspace _workspace = new();
    private readonly SqliteDatabase _database;
    private readonly CountingEmbedder _embedder = new();

    public SentenceVectorStoreTests()
    {
        _database = new SqliteDatabase(_workspace.ConnectionString);
    }

    public void Dispose() => _workspace.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private void Write(string name, string text) => _workspace.Write(name, text);

    private FactLibrary Library(bool semantic) => new(
        _workspace.Store(_database),
        _workspace.Corpus,
        ShippedAnswering.Factory,
        vectors: semantic ? new SentenceVectorStore(_database, _embedder) : null);

    [Fact]
    public async Task Ingest_computes_a_vector_for_every_sentence_once()
    {
        Write("victory.txt", Victory);
        Write("trial.md", Trial);
        using var library = Library(semantic: true);
        var report = await library.IngestAsync(null, Cancel);
        await library.IngestAsync(null, Cancel);
        _embedder.Embedded.Count.ShouldBe(report.Sentences);
    }

    [Fact]
    public async Task A_changed_file_has_only_its_sentences_embedded_again()
    {
        Write("victory.txt", Victory);
        Write("trial.md", Trial);
        using var library = Library(semantic: true);
        await library.IngestAsync(null, Cancel);
        _embedder.Embedded.Clear();
        Write("victory.txt", Victory.Replace("About 10,000 people attended.", "About 20,000 people attended.", StringComparison.Ordinal));
        await library.IngestAsync(null, Cancel);
        _embedder.Embedded.ShouldContain(t => t.Contains("20,000", StringComparison.Ordinal));
        _embedder.Embedded.ShouldNotContain(t => t.Contains("June 27", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switching_semantic_answering_on_fills_in_the_vectors_of_an_existing_store()
    {
        Write("victory.txt", Victory);
        using (var lexical = Library(semantic: false))
        {
            await lexical.IngestAsync(null, Cancel);
        }

        using var semantic = Library(semantic: true);
        var answerer = (QuestionPipeline)await semantic.AnswererAsync(Cancel);
        answerer.IsSemantic.ShouldBeTrue();
        _embedder.Embedded.Count.ShouldBe(answerer.Index.Sentences.Count);
    }

    [Fact]
    public async Task Loaded_vectors_follow_the_index_sentence_order()
    {
        Write("victory.txt", Victory);
        Write("trial.md", Trial);
        using var library = Library(semantic: true);
        await library.IngestAsync(null, Cancel);
        var answerer = (QuestionPipeline)await library.AnswererAsync(Cancel);
        var vectors = await new SentenceVectorStore(_database, _embedder).LoadAsync(Cancel);
        for (var s = 0; s < answerer.Index.Sentences.Count; s++)
        {
            var own = _embedder.Embed([answerer.Index.Sentences[s].Text], Cancel)[0];
            vectors.Similarity(own, s).ShouldBe(1f, 0.0001f);
        }
    }

    /// <summary>A deterministic stand-in for the model: a unit vector from the text's hash, and a log of what it embedded.</summary>
    private sealed class CountingEmbedder : ISentenceEmbedder
    {
        public List<string> Embedded { get; } = [];

        public string Model => "test-hash-8";

        public int Dimensions => 8;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Embedded.AddRange(texts);
            return [.. texts.Select(Vector)];
        }

        private static float[] Vector(string text)
        {
            var random = new Random(text.Aggregate(17, (h, c) => unchecked((h * 31) + c)));
            var vector = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() + 0.1f).ToArray();
            var length = MathF.Sqrt(vector.Sum(x => x * x));
            return [.. vector.Select(x => x / length)];
        }
    }
}
