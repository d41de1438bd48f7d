using Bot.Core.Facts;
using Bot.Storage.Facts;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Storage.Tests.Facts;

/// <summary>Stored sentence vectors on a real SQLite file: computed once per sentence, recomputed only for what
/// changed, filled in when semantic answering is switched on over an existing store. The model is faked (it is an
/// edge: Bot.Semantic.Tests runs the real one).</summary>
public sealed class SentenceVectorStoreTests : IDisposable
{
    private const string Victory = """
        Victory Day remembered in Phnom Penh

        Phnom Penh, January 7, 2024 – A ceremony marked the 45th anniversary of the fall of the Khmer Rouge regime. About 10,000 people attended.

        The regime ruled Cambodia from 1975 to 1979.
        """;

    private const string Trial = """
        Khmer Rouge leaders on trial

        On June 27, 2011, Cambodia's UN-backed trial of Khmer Rouge leaders opened in Phnom Penh.
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vectors-" + Guid.NewGuid().ToString("N"));
    private readonly string _corpus;
    private readonly SqliteDatabase _database;
    private readonly CountingEmbedder _embedder = new();

    public SentenceVectorStoreTests()
    {
        _corpus = Path.Combine(_folder, "corpus");
        Directory.CreateDirectory(_corpus);
        _database = new SqliteDatabase($"Data Source={Path.Combine(_folder, "bot.db")}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_corpus, name), text);

    private FactLibrary Library(bool semantic) => new(
        new SqliteFactStore(_database, new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture))),
        _corpus,
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
        var answerer = await semantic.AnswererAsync(Cancel);
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
        var answerer = await library.AnswererAsync(Cancel);
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
