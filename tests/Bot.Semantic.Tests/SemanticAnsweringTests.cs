using Bot.Testing;
using Shouldly;

namespace Bot.Semantic.Tests;

/// <summary>Semantic answering (<c>Answering:Semantic</c>) adds the sentences nearest to the question's vector to the
/// candidates the learned ranker scores; the lexical path is unchanged. Slow: every sentence of the corpus is embedded.</summary>
[Trait("Category", "Slow")]
public sealed class SemanticAnsweringTests
{
    [Fact]
    public void Sentences_near_in_meaning_join_the_candidates_though_they_share_no_word_with_the_question()
    {
        const string question = "which nations got along well";
        var lexical = ShippedAnswering.Pipeline.Run(question).Candidates.Candidates.Select(c => c.Sentence).ToHashSet();
        var semantic = SemanticCorpus.Pipeline.Run(question).Candidates.Candidates.Select(c => c.Sentence).ToList();

        semantic.Count.ShouldBeGreaterThan(lexical.Count);
        semantic.ShouldContain(s => !lexical.Contains(s));
    }

    [Fact]
    public void A_question_in_another_language_is_declined_in_both_modes()
    {
        SemanticCorpus.Pipeline.Ask("Ai là người lãnh đạo?").Declined.ShouldBeTrue();
    }
}
