using Bot.Core.Facts;
using Bot.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>Documents that disagree on a figure: the answer says so and quotes each, on the made-up bridge corpus
/// with a second report that counts the first day's crossings differently.</summary>
public sealed class DifferingFiguresTests
{
    private const string Report = """
        Bridge opening day remembered

        Riverton, May 4, 1999 - Some 15,000 people crossed the bridge on its first day, the harbour newspaper reported.
        """;

    private static string Line(params string[] documents)
    {
        var parsed = documents.Select((text, i) => DocumentParser.Parse(new DocumentText($"doc{i}.txt", text))).ToList();
        var pipeline = new QuestionPipeline(QuestionPipelineFactory.Index(parsed, SmallCorpus.Vocabulary), SmallCorpus.Vocabulary, ShippedAnswering.Model);
        return pipeline.Run("how many people crossed the bridge on its first day").Written.ShouldNotBeNull().Line;
    }

    [Fact]
    public void Two_documents_counting_the_same_thing_differently_are_both_quoted()
    {
        var line = Line(SmallCorpus.Bridge, Report);

        line.ShouldStartWith(AnswerTexts.SourcesDiffer);
        line.ShouldContain("About 12,000 people crossed the bridge");
        line.ShouldContain("Some 15,000 people crossed the bridge");
    }

    [Fact]
    public void One_document_s_figure_is_not_called_a_disagreement() =>
        Line(SmallCorpus.Bridge).ShouldNotStartWith(AnswerTexts.SourcesDiffer);
}
