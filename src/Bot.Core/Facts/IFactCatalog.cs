namespace Bot.Core.Facts;

/// <summary>The stored facts that other parts of the bot build on (occasions, scheduled posts).</summary>
public interface IFactCatalog
{
    /// <summary>Every fact dated to a day (year, month and day known), with its source.</summary>
    Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken);

    /// <summary>The passages most relevant to <paramref name="query"/> (no decline logic: best first, possibly none).</summary>
    Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>The documents the facts come from (for /sources); empty where a catalog does not list them.</summary>
    Task<IReadOnlyList<SourceDocument>> DocumentsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceDocument>>([]);
}

/// <summary>A document of the corpus: its file name, headline, date (yyyy-MM-dd, or a year), agency, and how many
/// sentences it gave.</summary>
public sealed record SourceDocument(string Id, string Title, string? Date, string? Source, int Sentences);

/// <summary>A sentence from a document that names a full date.</summary>
public sealed record DatedFact(
    string DocumentId,
    string DocumentTitle,
    string? DocumentDate,
    string? Source,
    string Sentence,
    int Year,
    int Month,
    int Day);
