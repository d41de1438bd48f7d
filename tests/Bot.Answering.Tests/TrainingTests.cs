using System.Text.RegularExpressions;
using Bot.Answering.Training;
using Bot.Core.Facts;
using Bot.Testing;
using Shouldly;
using Xunit;

namespace Bot.Answering.Tests;

/// <summary>Fitting scores each question as the pipeline answers it.</summary>
public sealed class TrainingTests
{
    [Fact]
    public void A_date_question_that_names_nothing_to_search_for_is_scored_as_the_pipeline_answers_it()
    {
        var index = QuestionPipelineFactory.Index(
            [DocumentParser.Parse(new DocumentText("made-up.txt", "Riverton celebrates its bridge\n\nRiverton, May 3, 2024 - Crowds marked the 25th anniversary of the bridge with fireworks.\n\nThe bridge opened on May 3, 1999.\n"))],
            SmallCorpus.Vocabulary);
        var question = new PoolQuestion("made-up-1", "how many days until the next one", [new Regex(@"\b337 days\b", RegexOptions.None, TimeSpan.FromSeconds(1))], "dated") { Today = new DateOnly(2027, 6, 1) };

        var score = AnsweringTrainer.Evaluate(ShippedAnswering.Model with { Threshold = 0 }, [new TrainingCorpus("made-up", index, SmallCorpus.Vocabulary, [question])]);

        score.AnswerLineRight.ShouldBe(1);
    }
}
