using Bot.Answering.Vocabulary;

namespace Bot.Answering.Reading;

/// <summary>What the reader made of a question: its words after rewrites, the concepts of its focus clause (the
/// question itself) and of the context around it, the kind of answer it wants, and the numbers it names.</summary>
/// <param name="English">False when the question is written in another language or script.</param>
public sealed record ReadQuestion(
    string Text,
    bool English,
    IReadOnlyList<string> Words,
    string Focus,
    IReadOnlyList<Concept> Concepts,
    AnswerType Type,
    IReadOnlyList<string> Numbers)
{
    /// <summary>The computation with dates the question asks for, if any.</summary>
    public DateAsk? DateAsk { get; init; }

    /// <summary>The anniversary the question names by number ("the 60th", "centenary"), the last one named.</summary>
    public int? Ordinal { get; init; }

    /// <summary>The year the question names (the last four-digit year), if any.</summary>
    public int? Year { get; init; }

    /// <summary>The events a date question computes with, as runs of its words: one ("since the fall of …") or two
    /// ("between A and B"), earliest named first; empty for other questions.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>Words of a date question that say which end of a range to take ("fell", "lost power"): they date
    /// an event rather than name it.</summary>
    public IReadOnlySet<string> RangeWords { get; init; } = new HashSet<string>();

    /// <summary>A month and day the question names ("jan 7"), if any.</summary>
    public (int Month, int Day)? MonthDay { get; init; }

    public IEnumerable<Concept> FocusConcepts => Concepts.Where(c => c.InFocus);

    public IEnumerable<Concept> ContextConcepts => Concepts.Where(c => !c.InFocus);
}

/// <summary>A content word (or a synonym phrase) of the question: its stems, the stemmed phrases that mean the same,
/// and whether it stands in the focus clause.</summary>
public sealed record Concept(string Label, string[] Stems, string[][] Alternatives, bool InFocus);
