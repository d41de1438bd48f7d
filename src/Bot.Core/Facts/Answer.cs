namespace Bot.Core.Facts;

/// <summary>What the bot says when it does not answer.</summary>
public static class AnswerTexts
{
    public const string Decline = "I don't know from my sources.";
    public const string DeclineHint = "Try /fact for a fact from my documents, /next for the next anniversary, or /help for what I can do.";
    public const string EnglishOnly = "I don't know from my sources: I only understand questions in English.";
    public const string Hedge = "I'm not sure; the closest my sources come:";
    public const string SourcesDiffer = "My sources differ:";
}

/// <summary>Answers a user's question from the fact store.</summary>
public interface IQuestionAnswerer
{
    /// <summary>Answers the question; <paramref name="today"/> is the asker's date (their chat's time zone), which
    /// date questions count from — the bot's clock in UTC when not given.</summary>
    Task<Answer> AskAsync(string question, DateOnly? today, CancellationToken cancellationToken);

    Task<Answer> AskAsync(string question, CancellationToken cancellationToken) => AskAsync(question, null, cancellationToken);
}

/// <summary>The answer to a question: a direct line, 0–3 supporting passages (none when declined), a confidence
/// in [0, 1], and whether the documents disagree (then the passages hold each variant).</summary>
public sealed record Answer(string Text, double Confidence, bool Declined, IReadOnlyList<Passage> Passages)
{
    public bool Conflict { get; init; }

    /// <summary>The bot is more likely wrong than right about the line: it says so and shows the closest passages.</summary>
    public bool Hedged { get; init; }
}

/// <summary>A stored passage (a sentence, or a short run of sentences) with the document it comes from.</summary>
/// <param name="DocumentId">The document's file name in the corpus.</param>
/// <param name="Date">The document's publication date, ISO (yyyy-MM-dd) where known.</param>
/// <param name="Source">The agency (VNA, VOV, AKP…) where the document names one.</param>
public sealed record Passage(string Text, string DocumentId, string Title, string? Date, string? Source, double Score);

/// <summary>Answers questions over one loaded corpus, synchronously and without I/O (built once per ingest).</summary>
public interface IAnswerer
{
    /// <summary>Answers the question; <paramref name="today"/> is the asker's date (the bot's clock in UTC when not given).</summary>
    Answer Ask(string question, DateOnly? today = null);

    /// <summary>What each stage of the question path produced for the question, for people tuning a corpus.</summary>
    string Explain(string question, DateOnly? today = null);
}

/// <summary>Builds the question path over a loaded corpus (the stored documents and sentences, in store order, and
/// their vectors when semantic answering is on).</summary>
public interface IAnswererFactory
{
    IAnswerer Create(IReadOnlyList<StoredDocument> documents, IReadOnlyList<FactSentence> sentences, SentenceVectors? vectors);
}
