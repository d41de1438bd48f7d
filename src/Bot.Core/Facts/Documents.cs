namespace Bot.Core.Facts;

/// <summary>A document as read from the corpus folder: its file name and decoded text.</summary>
public sealed record DocumentText(string Id, string Content);

/// <summary>A cleaned document: metadata, the kept text (<see cref="Body"/>) and its paragraphs and sentences.</summary>
/// <param name="Date">ISO date (yyyy-MM-dd), or a year alone when only the year can be derived; null when unknown.</param>
public sealed record ParsedDocument(string Id, string Title, string? Date, string? Source, string Body, IReadOnlyList<ParsedParagraph> Paragraphs)
{
    /// <summary>The year of <see cref="Date"/>, used to resolve "on January 5" in the text.</summary>
    public int? Year => Date is { Length: >= 4 } d && int.TryParse(d.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;

    public IEnumerable<ParsedSentence> Sentences => Paragraphs.SelectMany(p => p.Sentences);

    /// <summary>The page around the article that cleaning dropped (headline strips, the news listed after it).
    /// Never a fact; kept so that a question about it can be recognised and declined.</summary>
    public string Noise { get; init; } = "";
}

/// <summary>A paragraph of the cleaned body; <see cref="Start"/> is its offset in <see cref="ParsedDocument.Body"/>.</summary>
public sealed record ParsedParagraph(int Index, int Start, string Text, IReadOnlyList<ParsedSentence> Sentences);

/// <summary>A sentence; <see cref="Start"/> is its offset in the document body, <see cref="Index"/> its number in the document.</summary>
public sealed record ParsedSentence(int Index, int Paragraph, int Start, string Text);

/// <summary>A stored sentence as the store hands it to the question path.</summary>
/// <param name="Start">Offset of the sentence in <see cref="StoredDocument.Body"/>.</param>
public sealed record FactSentence(string DocumentId, int Paragraph, int Index, int Start, string Text);

/// <summary>A stored document: metadata and the cleaned body its sentences are cut from.</summary>
/// <param name="Noise">The page text cleaning dropped around the article (see <see cref="ParsedDocument.Noise"/>).</param>
public sealed record StoredDocument(string Id, string Title, string? Date, string? Source, string Body, string Noise = "")
{
    public int? Year => Date is { Length: >= 4 } d && int.TryParse(d.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;
}
