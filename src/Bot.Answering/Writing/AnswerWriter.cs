using Bot.Answering.Candidates;
using Bot.Answering.Scoring;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>Stage 4: writes the answer from the ranked sentences. The answer line is the best sentence itself, so
/// that it never claims more than the document says; up to three passages from the best sentences, one per
/// sentence, each with its document.</summary>
public sealed class AnswerWriter(PassageIndex index)
{
    public const int MaxPassages = 3;

    public Answer Write(IReadOnlyList<ScoredCandidate> ranked, double confidence)
    {
        var passages = ranked.Take(MaxPassages).Select(c => Passage(c.Sentence, c.Probability)).ToList();
        return new Answer(passages[0].Text, confidence, Declined: false, passages);
    }

    private Passage Passage(int sentence, double score)
    {
        var document = index.DocumentOf(sentence);
        return new Passage(index.Sentences[sentence].Text, document.Id, document.Title, document.Date, document.Source, Math.Round(score, 4));
    }
}
