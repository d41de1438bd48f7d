using Bot.Answering.Decision;
using Bot.Testing;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>What the decision looks at, over made-up documents: each feature says what it claims.</summary>
public sealed class DecisionFeaturesTests
{
    private static readonly DateTimeOffset Mid2027 = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static QuestionPipeline Over(params string[] texts) => new(
        QuestionPipelineFactory.Index([.. texts.Select((t, i) => Core.Facts.DocumentParser.Parse(new Core.Facts.DocumentText($"made-up-{i}.txt", t)))], SmallCorpus.Vocabulary),
        SmallCorpus.Vocabulary,
        ShippedAnswering.Model,
        clock: new FakeTimeProvider(Mid2027));

    private static double Feature(PipelineRun run, string name) =>
        run.DecisionFeatures.ShouldNotBeNull()[Array.IndexOf(DecisionFeatures.Names, name)];

    [Fact]
    public void A_date_taken_from_a_sentence_that_names_the_event_is_grounded()
    {
        var run = Over("Riverton news\n\nThe Riverton ferry company was founded on March 3, 1950.\n").Run("when was the ferry company founded");
        run.Written.ShouldNotBeNull().Computed.ShouldBeTrue();
        Feature(run, "computed_grounded").ShouldBe(1);
    }

    [Fact]
    public void A_date_taken_from_a_sentence_about_something_else_is_not_grounded()
    {
        var run = Over("Riverton news\n\nThe mayor signed the harbour agreement with the ferry company.\n\nThe mayor opened the town hall on March 3, 1950.\n")
            .Run("what year did the mayor sign the harbour agreement");
        run.Written.ShouldNotBeNull().Computed.ShouldBeTrue();
        Feature(run, "computed_grounded").ShouldBeLessThan(0.5);
    }

    [Fact]
    public void A_when_question_answered_by_a_sentence_that_dates_nothing_of_it_is_marked_not_computed()
    {
        var run = Over("Riverton news\n\nThe old mayor's council ran the town from 1975 to 1979.\n").Run("when did the old mayor die");
        run.Written.ShouldNotBeNull().Computed.ShouldBeFalse();
        Feature(run, "not_computed").ShouldBe(1);
    }

    [Fact]
    public void A_person_question_over_a_sentence_naming_nobody_offers_no_answer_of_its_kind()
    {
        var run = Over("Riverton news\n\nthe bridge over the river was painted green last spring.\n").Run("who painted the bridge");
        Feature(run, "top_type_offered").ShouldBe(0);
    }

    [Fact]
    public void A_sentence_and_its_copy_in_another_article_are_one_answer_for_the_margin()
    {
        const string story = "Riverton news\n\nThe harbour festival was founded by fishermen who wanted to bless the boats.\n\nThe bridge was painted green.\n";
        var pipeline = Over(story, story);
        var run = pipeline.Run("who founded the harbour festival");
        run.Ranked[0].Probability.ShouldBeLessThan(0.6);
        Feature(run, "top_probability").ShouldBeGreaterThan(0.9);
        Feature(run, "margin").ShouldBeGreaterThan(0.8);
    }

    [Fact]
    public void A_restated_sentence_is_cited_once_among_the_passages()
    {
        const string story = "Riverton news\n\nThe harbour festival was founded by fishermen who wanted to bless the boats.\n\nThe festival draws crowds to the harbour each summer.\n";
        var pipeline = Over(story, story);
        var run = pipeline.Run("who founded the harbour festival");
        var cited = run.Written.ShouldNotBeNull().Sentences.Select(s => pipeline.Index.Sentences[s].Text).ToList();
        cited.Count(t => t.Contains("bless the boats", StringComparison.Ordinal)).ShouldBe(1);
        cited.ShouldContain(t => t.Contains("draws crowds", StringComparison.Ordinal));
    }

    [Fact]
    public void The_kind_of_answer_asked_for_is_one_feature_among_the_kinds()
    {
        var run = Over("Riverton news\n\nThe council closed the old ferry because the crossing took too long in winter.\n").Run("why did the council close the ferry");
        Feature(run, "asks_reason").ShouldBe(1);
        new[] { "asks_thing", "asks_yes_no", "asks_person", "asks_number" }.Sum(name => Feature(run, name)).ShouldBe(0);
    }
}
