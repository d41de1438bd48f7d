using Bot.Answering;
using Bot.Answering.Candidates;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;
using Bot.Testing;

namespace Bot.Answering.Tests;

/// <summary>A made-up corpus on a subject of its own (a bridge and its anniversaries), so that stage tests show
/// behaviour of a class of question rather than of one question about the real documents.</summary>
public static class SmallCorpus
{
    public const string Bridge = """
        River bridge marks its 25th anniversary

        Riverton, May 3, 2024 - The Riverton Bridge was opened on May 3, 1999 by Mayor Ellen Park after four years of building.

        The bridge was designed by the engineer Tomas Varga, who also planned the harbour tunnel.

        About 12,000 people crossed the bridge on its first day, according to the city council.

        The council closed the old ferry because the crossing took too long in winter.

        Visitors watched fireworks over the water in the evening.

        A photo of the bridge at night, taken from the harbour.
        """;

    public const string Tunnel = """
        Harbour tunnel plans revived

        Riverton, June 1, 2020 - Engineers presented new plans for a harbour tunnel to the city council.

        The tunnel would cost about 80 million dollars and take six years to build.
        """;

    /// <summary>The general vocabulary as shipped, with no domain folder.</summary>
    public static AnsweringVocabulary Vocabulary { get; } = VocabularyFiles.Load(Path.Combine(ShippedAnswering.Root, "config", "answering"), null);

    public static PassageIndex Index { get; } = QuestionPipelineFactory.Index(
        [DocumentParser.Parse(new DocumentText("bridge.txt", Bridge)), DocumentParser.Parse(new DocumentText("tunnel.txt", Tunnel))], Vocabulary);

    public static QuestionPipeline Pipeline { get; } = new(Index, Vocabulary, ShippedAnswering.Model);

    public static int SentenceContaining(string words) =>
        Enumerable.Range(0, Index.Count).Single(s => Index.Sentences[s].Text.Contains(words, StringComparison.Ordinal));
}
