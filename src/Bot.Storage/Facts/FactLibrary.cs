using Bot.Core.Facts;

namespace Bot.Storage.Facts;

/// <summary>The bot's fact store as the rest of the bot sees it: questions are answered by the question path
/// (<paramref name="answering"/>) over the corpus loaded once from SQLite (no SQL per question), rebuilt after each
/// ingest that changed something; the dated facts of occasions come from the same load. With
/// <paramref name="vectors"/> (semantic answering on), each ingest also computes the vectors of new sentences and
/// the question path carries them.</summary>
public sealed class FactLibrary(
    SqliteFactStore store,
    string corpusFolder,
    IAnswererFactory answering,
    long maxDocumentBytes = Facts.CorpusFolder.DefaultMaxDocumentBytes,
    SentenceVectorStore? vectors = null) : IQuestionAnswerer, IFactCatalog, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile LoadedCorpus? _loaded;
    private volatile string? _following;

    /// <summary>The folder the store follows: the configured corpus, or the folder of the last <c>ingest --corpus</c>
    /// while the corpus setting is what it was then (known after the first ingest).</summary>
    public string CorpusFolder => _following ?? corpusFolder;

    /// <summary>The corpus setting (<c>Corpus:Path</c>), resolved.</summary>
    public string ConfiguredFolder => corpusFolder;

    /// <summary>Whether <see cref="CorpusFolder"/> came from <c>ingest --corpus</c> rather than the setting.</summary>
    public bool FollowsIngestedFolder => !SameFolder(CorpusFolder, corpusFolder);

    /// <summary>Reads a corpus folder and stores what changed; the index is rebuilt on next use when anything did.
    /// <paramref name="folder"/> (<c>ingest --corpus DIR</c>) is read and recorded in the store as the corpus it came
    /// from, so that a later start or plain <c>ingest</c> keeps it instead of putting the configured corpus back over
    /// it. Without one, the store's recorded folder is read, unless the corpus setting changed since it was recorded:
    /// the newer decision wins and the configured corpus is read.</summary>
    public async Task<IngestReport> IngestAsync(string? folder, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var source = folder is not null
                ? SameFolder(folder, corpusFolder) ? null : new CorpusSource(Path.GetFullPath(folder), corpusFolder)
                : await store.SourceAsync(cancellationToken) is { } recorded && SameFolder(recorded.InsteadOf, corpusFolder) ? recorded : null;
            var reading = source?.Folder ?? corpusFolder;
            if (folder is null && source is not null && !Directory.Exists(reading))
            {
                throw new DirectoryNotFoundException(
                    $"The store was filled from {reading} by `ingest --corpus`, and that folder does not exist any more. Run `ingest --corpus DIR` with the documents to use, or `ingest --corpus {corpusFolder}` to go back to Corpus:Path.");
            }

            var files = Facts.CorpusFolder.Read(reading, maxDocumentBytes);
            var report = await store.IngestAsync(files, source, cancellationToken);
            _following = reading;
            var embedded = vectors is null ? 0 : await vectors.FillAsync(cancellationToken);
            if (report.Changed || embedded > 0)
            {
                // The next question loads the new index; an ingest alone (the ingest verb) never pays for it.
                _loaded = null;
            }

            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IAnswerer> AnswererAsync(CancellationToken cancellationToken) => (await LoadedAsync(cancellationToken)).Answerer;

    public Task<Answer> AskAsync(string question, CancellationToken cancellationToken) => AskAsync(question, null, cancellationToken);

    public async Task<Answer> AskAsync(string question, DateOnly? today, CancellationToken cancellationToken) =>
        (await AnswererAsync(cancellationToken)).Ask(question, today);

    public async Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken)
    {
        var loaded = await LoadedAsync(cancellationToken);
        var documents = loaded.Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var facts = new List<DatedFact>();
        var seen = new HashSet<(string Sentence, int Year, int Month, int Day)>();
        foreach (var sentence in loaded.Sentences)
        {
            var document = documents[sentence.DocumentId];
            foreach (var date in Extraction.Dates(sentence.Text, document.Year))
            {
                if (date.Kind is DateKind.FullDate or DateKind.MonthDay or DateKind.AnniversaryOrigin && date is { Year: { } y, Month: { } m, Day: { } d }
                    && seen.Add((sentence.Text, y, m, d)))
                {
                    facts.Add(new DatedFact(document.Id, document.Title, document.Date, document.Source, sentence.Text, y, m, d));
                }
            }
        }

        return facts;
    }

    public Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        store.SearchAsync(query, limit, cancellationToken);

    public async Task<IReadOnlyList<SourceDocument>> DocumentsAsync(CancellationToken cancellationToken)
    {
        var loaded = await LoadedAsync(cancellationToken);
        var counts = loaded.Sentences.GroupBy(s => s.DocumentId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. loaded.Documents.Select(d => new SourceDocument(d.Id, d.Title, d.Date, d.Source, counts.GetValueOrDefault(d.Id)))];
    }

    public void Dispose() => _gate.Dispose();

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private async Task<LoadedCorpus> LoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _loaded ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LoadedCorpus> LoadAsync(CancellationToken cancellationToken)
    {
        var (documents, sentences) = await store.LoadAsync(cancellationToken);
        SentenceVectors? loadedVectors = null;
        if (vectors is not null)
        {
            // A store that was never ingested with semantic answering on gets its vectors here, once.
            await vectors.FillAsync(cancellationToken);
            loadedVectors = await vectors.LoadAsync(cancellationToken);
        }

        return new LoadedCorpus(documents, sentences, answering.Create(documents, sentences, loadedVectors));
    }

    /// <summary>One load of the store: its documents and sentences and the question path over them.</summary>
    private sealed record LoadedCorpus(IReadOnlyList<StoredDocument> Documents, IReadOnlyList<FactSentence> Sentences, IAnswerer Answerer);
}
