namespace Bot.Storage.Facts;

/// <summary>Where the documents are (<c>Corpus:Path</c>, relative to the folder holding <c>config/</c>).</summary>
public sealed class CorpusOptions
{
    public const string Section = "Corpus";

    public string Path { get; set; } = "config/corpus";

    /// <summary>A bigger document is reported and skipped, unread.</summary>
    public long MaxDocumentBytes { get; set; } = CorpusFolder.DefaultMaxDocumentBytes;
}
