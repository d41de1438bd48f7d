using Shouldly;

namespace Bot.Semantic.Tests;

/// <summary>The model ships in the package and runs offline.</summary>
public sealed class MiniLmEmbedderTests
{
    [Fact]
    public void A_paraphrase_is_closer_to_the_question_than_an_unrelated_sentence()
    {
        var vectors = SemanticCorpus.Embedder.Embed(
            ["when did the khmer rouge take power", "The Khmer Rouge regime ruled Cambodia from 1975 to 1979.", "Durian exports to China rose this year."],
            TestContext.Current.CancellationToken);

        vectors.ShouldAllBe(v => v.Length == SemanticCorpus.Embedder.Dimensions);
        var question = new Bot.Core.Facts.SentenceVectors(SemanticCorpus.Embedder, [vectors[1], vectors[2]]);
        question.Similarity(vectors[0], 0).ShouldBeGreaterThan(question.Similarity(vectors[0], 1) + 0.1f);
    }

    [Fact]
    public void Vectors_are_unit_length()
    {
        var vector = SemanticCorpus.Embedder.Embed(["January 7 Victory Day"], TestContext.Current.CancellationToken)[0];
        Math.Sqrt(vector.Sum(x => (double)x * x)).ShouldBe(1.0, 0.001);
    }
}
