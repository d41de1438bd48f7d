namespace Bot.Core.Facts;

/// <summary>Answers a user's question from the fact store.</summary>
public interface IQuestionAnswerer
{
    Task<Answer> AskAsync(string question, CancellationToken cancellationToken);
}

/// <summary>The answer to a question: a direct line, 0–3 supporting passages (none when declined), a confidence
/// in [0, 1], and whether the documents disagree (then the passages hold each variant).</summary>
public sealed record Answer(string Text, double Confidence, bool Declined, IReadOnlyList<Passage> Passages)
{
    public bool Conflict { get; init; }
}

/// <summary>A stored passage (a sentence, or a short run of sentences) with the document it comes from.</summary>
/// <param name="DocumentId">The document's file name in the corpus.</param>
/// <param name="Date">The document's publication date, ISO (yyyy-MM-dd) where known.</param>
/// <param name="Source">The agency (VNA, VOV, AKP…) where the document names one.</param>
public sealed record Passage(string Text, string DocumentId, string Title, string? Date, string? Source, double Score);
