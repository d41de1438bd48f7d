using Bot.Answering.Candidates;
using Bot.Answering.Writing;
using Bot.Core.Facts;
using Bot.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>A sentence that names a person only by title ("The Mayor said …") is read with the name the article gave
/// that title before it.</summary>
public sealed class TitleAntecedentsTests
{
    private const string Article = """
        Riverton marks the bridge's 25th anniversary

        Mayor Ellen Park opened the celebrations on the riverbank on Saturday.

        Thousands of residents crossed the bridge on foot.

        The Mayor thanked the builders who worked through the winter of 1998.
        """;

    private static PassageIndex Index(string text) =>
        QuestionPipelineFactory.Index([DocumentParser.Parse(new DocumentText("made-up.txt", text))], SmallCorpus.Vocabulary);

    private static int SentenceHolding(PassageIndex index, string words) =>
        Enumerable.Range(0, index.Sentences.Count).First(s => index.Sentences[s].Text.Contains(words, StringComparison.Ordinal));

    [Fact]
    public void A_bare_title_names_the_person_the_article_gave_that_title_before()
    {
        var index = Index(Article);
        var found = new TitleAntecedents(index, SmallCorpus.Vocabulary).Find(SentenceHolding(index, "The Mayor thanked")).ShouldNotBeNull();
        found.Name.ShouldBe("Ellen Park");
        found.Sentence.ShouldBe(SentenceHolding(index, "Mayor Ellen Park"));
    }

    [Fact]
    public void A_title_with_a_name_after_it_needs_no_antecedent()
    {
        var index = Index(Article);
        new TitleAntecedents(index, SmallCorpus.Vocabulary).Find(SentenceHolding(index, "Mayor Ellen Park")).ShouldBeNull();
    }

    [Fact]
    public void A_who_question_answered_by_a_bare_title_names_the_person()
    {
        var pipeline = new QuestionPipeline(Index(Article), SmallCorpus.Vocabulary, ShippedAnswering.Model);
        pipeline.Run("who thanked the builders who worked through the winter?").Written.ShouldNotBeNull().Line
            .ShouldStartWith("Ellen Park, named Mayor earlier in the article: The Mayor thanked the builders");
    }
}
