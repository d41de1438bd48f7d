namespace Bot.Core.Facts;

/// <summary>Turns text into unit-length sentence vectors. The model lives outside the domain (Bot.Semantic); the
/// domain only compares vectors.</summary>
public interface ISentenceEmbedder
{
    /// <summary>Names the model: vectors stored under another name are computed again.</summary>
    string Model { get; }

    int Dimensions { get; }

    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>Semantic evidence for answering: one stored vector per sentence of a question path (in its
/// order; an empty vector where none is stored yet) and the embedder that turns the question into one.</summary>
public sealed class SentenceVectors
{
    private readonly ISentenceEmbedder _embedder;
    private readonly IReadOnlyList<float[]> _vectors;

    public SentenceVectors(ISentenceEmbedder embedder, IReadOnlyList<float[]> vectors)
    {
        _embedder = embedder;
        _vectors = vectors;
    }

    public int Count => _vectors.Count;

    public float[] Embed(string question) =>
        _embedder.Embed([question], CancellationToken.None) is [var vector] ? vector : [];

    /// <summary>Cosine similarity of the (unit-length) question vector and sentence's vector; 0 when either is missing.</summary>
    public float Similarity(ReadOnlySpan<float> question, int sentence)
    {
        var vector = sentence < _vectors.Count ? _vectors[sentence] : [];
        return vector.Length == question.Length && vector.Length > 0 ? Dot(question, vector) : 0f;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = System.Numerics.Vector<float>.Zero;
        var width = System.Numerics.Vector<float>.Count;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        }

        var total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
