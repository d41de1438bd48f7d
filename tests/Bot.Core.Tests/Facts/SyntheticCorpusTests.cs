using Bot.Core.Facts;
using Bot.Testing;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class SyntheticCorpusTests
{
    private static IReadOnlyList<string> RealSentences => [.. Corpus.Documents.SelectMany(d => d.Sentences).Select(s => s.Text)];

    [Fact]
    public void Same_seed_gives_the_same_documents() =>
        SyntheticCorpus.Generate(RealSentences, 7, 500).ShouldBe(SyntheticCorpus.Generate(RealSentences, 7, 500));

    [Fact]
    public void Another_seed_gives_other_documents() =>
        SyntheticCorpus.Generate(RealSentences, 7, 500).ShouldNotBe(SyntheticCorpus.Generate(RealSentences, 8, 500));

    [Fact]
    public void Parsed_documents_hold_the_passages_asked_for_with_a_date()
    {
        var parsed = SyntheticCorpus.Generate(RealSentences, 7, 500).Select(DocumentParser.Parse).ToList();
        parsed.Count.ShouldBe(500 / SyntheticCorpus.PassagesPerDocument);
        parsed.ShouldAllBe(d => d.Date != null);
        parsed.Sum(d => d.Paragraphs.Count).ShouldBeGreaterThanOrEqualTo(450);
    }

    [Fact]
    public void Passages_are_not_copies_of_the_real_sentences()
    {
        var real = RealSentences.ToHashSet(StringComparer.Ordinal);
        var generated = SyntheticCorpus.Generate(RealSentences, 7, 500).Select(DocumentParser.Parse).SelectMany(d => d.Sentences).ToList();
        generated.Count(s => real.Contains(s.Text)).ShouldBeLessThan(generated.Count / 20);
    }
}
