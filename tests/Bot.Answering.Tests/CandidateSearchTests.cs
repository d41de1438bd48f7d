using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Shouldly;

namespace Bot.Answering.Tests;

public sealed class CandidateSearchTests
{
    private static readonly QuestionReader Reader = new(SmallCorpus.Vocabulary);
    private static readonly CandidateSearch Search = new(SmallCorpus.Index);

    private static CandidateSet Find(string question) => Search.Search(Reader.Read(question));

    [Fact]
    public void A_sentence_holding_the_question_words_is_a_candidate()
    {
        Find("who designed the bridge").Candidates.ShouldContain(c => c.Sentence == SmallCorpus.SentenceContaining("designed by"));
    }

    [Fact]
    public void A_synonym_from_the_vocabulary_finds_a_sentence_without_the_question_word()
    {
        // "citizens" is in the group of "people"; the sentence says "people".
        var set = Find("how many citizens crossed the bridge");
        var citizens = set.Concepts.Single(c => c.Concept.Label == "citizens");
        citizens.Forms.ShouldAllBe(f => f.Kind == MatchKind.Synonym);
        var crossed = set.Candidates.Single(c => c.Sentence == SmallCorpus.SentenceContaining("12,000 people"));
        crossed.Matches[set.Concepts.ToList().IndexOf(citizens)].ShouldBe(MatchKind.Synonym);
    }

    [Fact]
    public void A_phrase_finds_the_sentences_holding_all_its_words_the_same_each_time_it_is_asked()
    {
        var search = new CandidateSearch(SmallCorpus.Index);
        var phrase = new Concept("harbour tunnel", [Bot.Core.Facts.Stemmer.Stem("harbour"), Bot.Core.Facts.Stemmer.Stem("tunnel")], [], InFocus: true);
        var question = Reader.Read("harbour tunnel") with { Concepts = [phrase] };
        var holding = Enumerable.Range(0, SmallCorpus.Index.Count)
            .Where(s => SmallCorpus.Index.Sentences[s].Text.Contains("harbour", StringComparison.OrdinalIgnoreCase) && SmallCorpus.Index.Sentences[s].Text.Contains("tunnel", StringComparison.OrdinalIgnoreCase))
            .ToList();

        var first = search.Search(question);
        var again = search.Search(question);

        first.Candidates.Select(c => c.Sentence).Order().ShouldBe(holding);
        first.Candidates.ShouldNotContain(c => c.Sentence == SmallCorpus.SentenceContaining("taken from the harbour"));
        again.Candidates.Select(c => (c.Sentence, c.Bm25)).ShouldBe(first.Candidates.Select(c => (c.Sentence, c.Bm25)));
    }

    [Fact]
    public void A_misspelt_word_is_corrected_to_the_corpus_word_one_edit_away()
    {
        var set = Find("who desinged it");
        set.Concepts.Single().Forms.ShouldHaveSingleItem().Kind.ShouldBe(MatchKind.Corrected);
        set.Candidates.ShouldContain(c => c.Sentence == SmallCorpus.SentenceContaining("designed by"));
    }

    [Fact]
    public void A_closed_compound_finds_the_sentence_that_writes_it_as_two_words()
    {
        var index = Capsule();
        var set = new CandidateSearch(index).Search(Reader.Read("when was the splashdown"));
        var splashdown = set.Concepts.Single(c => c.Concept.Label == "splashdown");
        splashdown.Forms.ShouldHaveSingleItem().Terms.Length.ShouldBe(2);
        set.Candidates.ShouldContain(c => index.Sentences[c.Sentence].Text.Contains("splashed down", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compound_whose_halves_never_stand_together_stays_unknown()
    {
        // "down" and "splash" are both corpus words, but never as "down splash".
        Capsule().Compound("downsplash").ShouldBeNull();
    }

    private static PassageIndex Capsule() => QuestionPipelineFactory.Index(
        [Bot.Core.Facts.DocumentParser.Parse(new Bot.Core.Facts.DocumentText("capsule.txt", "Capsule home\n\nThe capsule splashed down in the ocean on July 24, 1969.\n\nDivers climbed down to the capsule.\n"))],
        SmallCorpus.Vocabulary);

    [Fact]
    public void A_word_no_document_uses_is_unknown_and_weighs_as_an_unseen_term()
    {
        var concept = Find("what about zeppelins").Concepts.ShouldHaveSingleItem();
        concept.Known.ShouldBeFalse();
        concept.Weight.ShouldBe(SmallCorpus.Index.UnseenIdf);
    }

    [Fact]
    public void Page_noise_is_indexed_apart_and_never_a_candidate()
    {
        var index = QuestionPipelineFactory.Index(
            [Bot.Core.Facts.DocumentParser.Parse(new Bot.Core.Facts.DocumentText("a.txt", SmallCorpus.Bridge + "\n\nRelated News\n\nVolcano erupts on a distant island\n"))],
            SmallCorpus.Vocabulary);
        new CandidateSearch(index).Search(Reader.Read("volcano erupts")).Candidates.ShouldBeEmpty();
        index.NoiseLines.ShouldNotBeEmpty();
    }
}
