using System.Globalization;
using Bot.Core.Facts;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bot.Storage.Facts;

/// <summary>What an ingest did, file by file.</summary>
public sealed record IngestReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Replaced,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<(string File, string Reason)> Skipped,
    int Sentences)
{
    public bool Changed => Added.Count + Replaced.Count + Removed.Count > 0;

    public string Summary =>
        $"Ingest: {Added.Count} added, {Replaced.Count} replaced, {Removed.Count} removed, {Unchanged.Count} unchanged, {Skipped.Count} skipped; {Sentences} sentences stored.";
}

/// <summary>The folder an <c>ingest --corpus DIR</c> filled the store from (<see cref="Folder"/>), and the corpus
/// setting it was used in place of (<see cref="InsteadOf"/>): while that setting stays as it was, the store keeps
/// following <see cref="Folder"/>. Both are full paths.</summary>
public sealed record CorpusSource(string Folder, string InsteadOf);

/// <summary>The documents and sentences in SQLite, with the FTS5 index over the sentences. Dates, quantities and
/// names are not stored: the in-memory index finds them in the sentence text when it needs them. Re-ingest is
/// incremental: a file whose hash is unchanged is skipped, a changed file is replaced in one transaction, a file
/// gone from the folder has its facts deleted. Files that cannot be used are reported and their stored version, if
/// any, is kept.</summary>
public sealed class SqliteFactStore(SqliteDatabase database, TimeProvider clock)
{
    /// <summary>Below this much text the documents are parsed on the writing thread (see IngestAsync).</summary>
    private const long ParallelParseFromChars = 1_000_000;

    /// <summary>Stores <paramref name="files"/> and records where they came from: <paramref name="source"/> for a folder
    /// given to <c>ingest --corpus</c>, null for the configured corpus. Recorded in the same transaction, so the store
    /// never holds one folder's documents under another's name.</summary>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<CorpusFile> files, CorpusSource? source, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, content_hash FROM fact_documents";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        List<string> added = [], replaced = [], removed = [], unchanged = [];
        List<(string, string)> skipped = [];

        // One transaction for the run: each changed file is replaced atomically (and the run as a whole is), and
        // a large corpus is not slowed by a commit per file.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        long nextSentenceId;
        await using (var max = connection.CreateCommand())
        {
            max.Transaction = transaction;
            max.CommandText = "SELECT coalesce(max(id), 0) + 1 FROM fact_sentences";
            nextSentenceId = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        // Parsing (CPU only) runs ahead on the other cores, in file order, while this thread writes: SQLite has one
        // writer, so the two overlap instead of adding up. Only for a large change: on a few small files, starting
        // the parallel query costs more than the parse.
        Func<CorpusFile, ParsedDocument?> parse = f => f.Document is not null && !(stored.TryGetValue(f.Id, out var h) && h == f.Hash) ? DocumentParser.Parse(f.Document) : null;
        IEnumerable<ParsedDocument?> prepared = files.Sum(f => (long)(f.Document?.Content.Length ?? 0)) >= ParallelParseFromChars
            ? files.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(parse)
            : files.Select(parse);

        // Prepared once for the run, on the first file that needs them, and reused for every row.
        Inserts? inserts = null;
        try
        {
            using var next = prepared.GetEnumerator();
            foreach (var file in files)
            {
                next.MoveNext();
                if (file.Document is null)
                {
                    skipped.Add((file.Id, file.Problem ?? "cannot be used"));
                    continue;
                }

                if (stored.TryGetValue(file.Id, out var hash) && hash == file.Hash)
                {
                    unchanged.Add(file.Id);
                    continue;
                }

                var parsed = next.Current!;
                if (!parsed.Sentences.Any())
                {
                    skipped.Add((file.Id, "has no article text left after cleaning"));
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (stored.ContainsKey(file.Id))
                {
                    await DeleteAsync(connection, transaction, file.Id, cancellationToken);
                }

                inserts ??= Inserts.Create(connection, transaction);
                Insert(inserts, parsed, file.Hash, ref nextSentenceId);
                (stored.ContainsKey(file.Id) ? replaced : added).Add(file.Id);
            }

            var present = files.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in stored.Keys.Where(id => !present.Contains(id)).Order(StringComparer.Ordinal))
            {
                await DeleteAsync(connection, transaction, id, cancellationToken);
                removed.Add(id);
            }

            inserts?.MoveStaged();
            await RecordSourceAsync(connection, transaction, source, cancellationToken);
        }
        finally
        {
            // Also on failure: the staging insert is SQLite's own statement, not tracked by the connection.
            inserts?.Dispose();
        }

        await transaction.CommitAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM fact_sentences";
        var sentences = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new IngestReport(added, replaced, removed, unchanged, skipped, sentences);
    }

    /// <summary>The folder recorded by the last <c>ingest --corpus</c>, or null when the store follows the configured corpus.</summary>
    public async Task<CorpusSource?> SourceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT (SELECT value FROM store_info WHERE key = 'corpus_folder'),
                   (SELECT value FROM store_info WHERE key = 'corpus_instead_of')
            """;
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && !reader.IsDBNull(1)
            ? new CorpusSource(reader.GetString(0), reader.GetString(1))
            : null;
    }

    private static async Task RecordSourceAsync(SqliteConnection connection, SqliteTransaction transaction, CorpusSource? source, CancellationToken cancellationToken)
    {
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        if (source is null)
        {
            write.CommandText = "DELETE FROM store_info WHERE key IN ('corpus_folder', 'corpus_instead_of')";
        }
        else
        {
            write.CommandText = """
                INSERT INTO store_info (key, value) VALUES ('corpus_folder', $folder), ('corpus_instead_of', $insteadOf)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """;
            write.Parameters.AddWithValue("$folder", source.Folder);
            write.Parameters.AddWithValue("$insteadOf", source.InsteadOf);
        }

        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every stored document and sentence, in document and sentence order.</summary>
    public async Task<(IReadOnlyList<StoredDocument> Documents, IReadOnlyList<FactSentence> Sentences)> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var documents = new List<StoredDocument>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, title, date, source, body, noise FROM fact_documents ORDER BY id";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(new StoredDocument(reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4), reader.GetString(5)));
            }
        }

        var sentences = new List<FactSentence>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT document_id, paragraph, position, start, text FROM fact_sentences ORDER BY document_id, position";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sentences.Add(new FactSentence(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4)));
            }
        }

        return (documents, sentences);
    }

    /// <summary>Full-text search through <see cref="FtsQuery"/>, best first by FTS5's BM25.</summary>
    public async Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var match = FtsQuery.Build(query);
        if (match is null || limit <= 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var search = connection.CreateCommand();
        search.CommandText = """
            SELECT s.text, d.id, d.title, d.date, d.source, bm25(fact_sentences_fts) AS rank
            FROM fact_sentences_fts
            JOIN fact_sentences s ON s.id = fact_sentences_fts.rowid
            JOIN fact_documents d ON d.id = s.document_id
            WHERE fact_sentences_fts MATCH $match
            ORDER BY rank
            LIMIT $limit
            """;
        search.Parameters.AddWithValue("$match", match);
        search.Parameters.AddWithValue("$limit", Math.Min(limit, 100));
        var passages = new List<Passage>();
        await using var reader = await search.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            passages.Add(new Passage(reader.GetString(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4), Math.Round(-reader.GetDouble(5), 3)));
        }

        return passages;
    }

    private static async Task DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        // Sentences go first, row by row through the trigger that keeps the FTS index in step (and their vectors
        // by cascade).
        delete.CommandText = """
            DELETE FROM fact_sentences WHERE document_id = $id;
            DELETE FROM fact_documents WHERE id = $id;
            """;
        delete.Parameters.AddWithValue("$id", id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts a parsed document with synchronous calls and ids assigned here: this is the ingest hot
    /// loop, and SQLite does its work synchronously anyway.</summary>
    private void Insert(Inserts inserts, ParsedDocument document, string hash, ref long nextSentenceId)
    {
        Run(inserts.Document, document.Id, hash, document.Title, document.Date, document.Source, document.Body, document.Noise, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        foreach (var s in document.Sentences)
        {
            inserts.Sentence.Insert(nextSentenceId++, document.Id, s.Paragraph, s.Index, s.Start, s.Text.Length, s.Text);
        }
    }

    /// <summary>The ingest's insert commands, prepared once per run. Sentences go to a staging table first and
    /// into the store in one statement at the end: inserting them one statement at a time, each also indexed by the
    /// FTS5 trigger, was ten times slower (16 MB: ~38 s against ~3 s) than the same rows and the same trigger in one
    /// INSERT … SELECT.</summary>
    private sealed class Inserts : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;

        private Inserts(SqliteConnection connection, SqliteTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            Document = Command(connection, transaction, "INSERT INTO fact_documents (id, content_hash, title, date, source, body, noise, ingested_at) VALUES ($id, $hash, $title, $date, $source, $body, $noise, $at)", "$id", "$hash", "$title", "$date", "$source", "$body", "$noise", "$at");
            Sentence = new StagedSentence(connection);
        }

        public SqliteCommand Document { get; }

        public StagedSentence Sentence { get; }

        /// <summary>Creates the staging table (temporary: this connection only) and prepares the inserts.</summary>
        public static Inserts Create(SqliteConnection connection, SqliteTransaction transaction)
        {
            Execute(connection, transaction, """
                CREATE TEMP TABLE IF NOT EXISTS staged_sentences (id INTEGER PRIMARY KEY, document_id, paragraph, position, start, length, text);
                DELETE FROM temp.staged_sentences;
                """);
            return new Inserts(connection, transaction);
        }

        /// <summary>The staged sentences, in id order.</summary>
        public void MoveStaged() => Execute(_connection, _transaction, """
            INSERT INTO fact_sentences (id, document_id, paragraph, position, start, length, text)
                SELECT id, document_id, paragraph, position, start, length, text FROM temp.staged_sentences ORDER BY id;
            DELETE FROM temp.staged_sentences;
            """);

        public void Dispose()
        {
            Document.Dispose();
            Sentence.Dispose();
        }

        private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The staging insert of one sentence, bound and stepped through SQLite's own API: it runs once per
    /// sentence, and a command's execution (a data reader, parameter type inference, boxed values) cost more than
    /// the insert itself. Only the connection-private staging table is written this way.</summary>
    private sealed class StagedSentence : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public StagedSentence(SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
            var rc = raw.sqlite3_prepare_v2(_db, "INSERT INTO temp.staged_sentences (id, document_id, paragraph, position, start, length, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", out _statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        public void Insert(long id, string document, int paragraph, int position, int start, int length, string text)
        {
            raw.sqlite3_bind_int64(_statement, 1, id);
            raw.sqlite3_bind_text(_statement, 2, document);
            raw.sqlite3_bind_int(_statement, 3, paragraph);
            raw.sqlite3_bind_int(_statement, 4, position);
            raw.sqlite3_bind_int(_statement, 5, start);
            raw.sqlite3_bind_int(_statement, 6, length);
            raw.sqlite3_bind_text(_statement, 7, text);
            var rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }

        public void Dispose() => _statement.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
