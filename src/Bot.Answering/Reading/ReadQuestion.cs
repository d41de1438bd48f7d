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
    public IEnumerable<Concept> FocusConcepts => Concepts.Where(c => c.InFocus);

    public IEnumerable<Concept> ContextConcepts => Concepts.Where(c => !c.InFocus);
}

/// <summary>A content word (or a synonym phrase) of the question: its stems, the stemmed phrases that mean the same,
/// and whether it stands in the focus clause.</summary>
public sealed record Concept(string Label, string[] Stems, string[][] Alternatives, bool InFocus);
