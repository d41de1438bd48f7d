using Bot.Core.Facts;

namespace Bot.Storage.Facts;

/// <summary>The bot's fact store as the rest of the bot sees it: questions are answered from an in-memory index
/// loaded once from SQLite (no SQL per question), rebuilt after each ingest that changed something. With
/// <paramref name="vectors"/> (semantic answering on), each ingest also computes the vectors of new sentences and
/// the index carries them.</summary>
public sealed class FactLibrary(
    SqliteFactStore store,
    string corpusFolder,
    long maxDocumentBytes = Facts.CorpusFolder.DefaultMaxDocumentBytes,
    SentenceVectorStore? vectors = null) : IQuestionAnswerer, IFactCatalog, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile FactAnswerer? _answerer;

    public string CorpusFolder => corpusFolder;

    /// <summary>Reads the corpus folder and stores what changed; the index is rebuilt on next use when anything did.</summary>
    public async Task<IngestReport> IngestAsync(string? folder, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var files = Facts.CorpusFolder.Read(folder ?? corpusFolder, maxDocumentBytes);
            var report = await store.IngestAsync(files, cancellationToken);
            var embedded = vectors is null ? 0 : await vectors.FillAsync(cancellationToken);
            if (report.Changed || embedded > 0)
            {
                // The next question loads the new index; an ingest alone (the ingest verb) never pays for it.
                _answerer = null;
            }

            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<FactAnswerer> AnswererAsync(CancellationToken cancellationToken)
    {
        if (_answerer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _answerer ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<Answer> AskAsync(string question, CancellationToken cancellationToken) =>
        (await AnswererAsync(cancellationToken)).Ask(question);

    public async Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken)
    {
        var index = (await AnswererAsync(cancellationToken)).Index;
        var facts = new List<DatedFact>();
        var seen = new HashSet<(string Sentence, int Year, int Month, int Day)>();
        for (var s = 0; s < index.Sentences.Count; s++)
        {
            var document = index.DocumentOf(s);
            foreach (var date in index.DatesOf(s))
            {
                if (date.Kind is DateKind.FullDate or DateKind.MonthDay or DateKind.AnniversaryOrigin && date is { Year: { } y, Month: { } m, Day: { } d }
                    && seen.Add((index.Sentences[s].Text, y, m, d)))
                {
                    facts.Add(new DatedFact(document.Id, document.Title, document.Date, document.Source, index.Sentences[s].Text, y, m, d));
                }
            }
        }

        return facts;
    }

    public Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        store.SearchAsync(query, limit, cancellationToken);

    public async Task<IReadOnlyList<SourceDocument>> DocumentsAsync(CancellationToken cancellationToken)
    {
        var index = (await AnswererAsync(cancellationToken)).Index;
        var counts = index.Sentences.GroupBy(s => s.DocumentId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. index.Documents.Select(d => new SourceDocument(d.Id, d.Title, d.Date, d.Source, counts.GetValueOrDefault(d.Id)))];
    }

    public void Dispose() => _gate.Dispose();

    private async Task<FactAnswerer> LoadAsync(CancellationToken cancellationToken)
    {
        var (documents, sentences) = await store.LoadAsync(cancellationToken);
        if (vectors is null)
        {
            return new FactAnswerer(new FactIndex(documents, sentences));
        }

        // A store that was never ingested with semantic answering on gets its vectors here, once.
        await vectors.FillAsync(cancellationToken);
        return new FactAnswerer(new FactIndex(documents, sentences), await vectors.LoadAsync(cancellationToken));
    }
}
