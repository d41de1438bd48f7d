using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>What the writer makes of the ranked sentences: the answer line and the sentences it cites, in order.</summary>
/// <param name="Computed">The line is a figure computed with the calendar (then its first citation dates the event).</param>
public sealed record WrittenAnswer(string Line, IReadOnlyList<int> Sentences, bool Computed)
{
    /// <summary>The sentences a computed figure comes from (the ones that date its events).</summary>
    public IReadOnlyList<int> Grounds { get; init; } = [];

    /// <summary>The computed figure comes from the day and the length the question gives: nothing need be found.</summary>
    public bool FromQuestion { get; init; }
}

/// <summary>Stage 4: writes the answer. A question that computes with dates gets the computed figure and the fact it
/// comes from; otherwise the answer line is the best sentence itself, so that it never claims more than the document
/// says. Up to three passages, one per sentence, each with its document.</summary>
/// <param name="rankPhrase">Ranks the sentences for a phrase of the question (an event a date question names).</param>
public sealed class AnswerWriter(PassageIndex index, TimeProvider clock, Func<string, IReadOnlyList<ScoredCandidate>> rankPhrase, AnsweringVocabulary vocabulary)
{
    public const int MaxPassages = 3;

    private readonly DateArithmetic _dates = new(index, rankPhrase, vocabulary);

    private readonly DifferingFigures _differing = new(index);

    private readonly TitleAntecedents _titles = new(index, vocabulary);

    /// <summary>Writes the answer; <paramref name="today"/> is the asker's date (the bot's clock in UTC when not given).</summary>
    public WrittenAnswer Write(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked, DateOnly? today = null)
    {
        if (_dates.Compute(question, ranked, today ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is { } computed)
        {
            var cited = Distinct(computed.Sentences.Concat(ranked.Select(c => c.Sentence))).Take(MaxPassages).ToList();
            return new WrittenAnswer($"{computed.Line} (“{index.Sentences[computed.Sentence].Text}”)", cited, Computed: true)
            {
                Grounds = [.. computed.Sentences.Distinct()],
                FromQuestion = computed.FromQuestion,
            };
        }

        if (_differing.Find(question, ranked) is { Count: > 0 } differing)
        {
            var quoted = string.Join(" and ", differing.Select(d => $"“{index.Sentences[d.Sentence].Text}” ({index.DocumentOf(d.Sentence).Title})"));
            return new WrittenAnswer($"{AnswerTexts.SourcesDiffer} {quoted}.", [.. differing.Select(d => d.Sentence)], Computed: false);
        }

        var sentences = Distinct(ranked.Select(c => c.Sentence)).Take(MaxPassages).ToList();
        if (sentences.Count == 0)
        {
            return new WrittenAnswer("", sentences, Computed: false);
        }

        // "Who gave the speech" answered by "The President made the statement …": the line says whom the title
        // stands for, and cites the sentence that names them.
        if (question.Type == AnswerType.Person && _titles.Find(sentences[0]) is { } antecedent)
        {
            var cited = Distinct([sentences[0], antecedent.Sentence, .. sentences.Skip(1)]).Take(MaxPassages).ToList();
            return new WrittenAnswer($"{antecedent.Name}, named {antecedent.Title} earlier in the article: {index.Sentences[sentences[0]].Text}", cited, Computed: false);
        }

        return new WrittenAnswer(index.Sentences[sentences[0]].Text, sentences, Computed: false);
    }

    /// <summary>The sentences in order, each once: a sentence that restates one already cited (the same article on
    /// two sites) would take a passage's place and tell nothing new.</summary>
    private IEnumerable<int> Distinct(IEnumerable<int> sentences)
    {
        var cited = new List<int>();
        foreach (var sentence in sentences)
        {
            if (!cited.Any(c => index.Restates(c, sentence)))
            {
                cited.Add(sentence);
                yield return sentence;
            }
        }
    }

    /// <summary>The answer as a member reads it. Under <paramref name="hedgeBelow"/> (the line is more likely wrong than
    /// right) the line says so before the closest sentence; the passages are the same.</summary>
    public Answer Render(WrittenAnswer written, IReadOnlyList<ScoredCandidate> ranked, double confidence, double hedgeBelow)
    {
        var hedged = confidence < hedgeBelow;
        var line = hedged ? $"{AnswerTexts.Hedge} {written.Line}" : written.Line;
        return new Answer(line, confidence, Declined: false, [.. written.Sentences.Select(s => Passage(s, ranked.FirstOrDefault(c => c.Sentence == s)?.Probability ?? 0))])
        {
            Hedged = hedged,
        };
    }

    private Passage Passage(int sentence, double score)
    {
        var document = index.DocumentOf(sentence);
        return new Passage(index.Sentences[sentence].Text, document.Id, document.Title, document.Date, document.Source, Math.Round(score, 4));
    }
}
