using System.Runtime.InteropServices;
using Bot.Core.Facts;
using Microsoft.Data.Sqlite;

namespace Bot.Storage.Facts;

/// <summary>The stored sentence vectors (<c>fact_sentence_vectors</c>) for semantic answering. Vectors are computed
/// once per sentence, after the ingest that stored it; a sentence removed or replaced takes its vector with it.</summary>
public sealed class SentenceVectorStore(SqliteDatabase database, ISentenceEmbedder embedder)
{
    /// <summary>Sentences per transaction while filling in: a long first fill keeps its progress if stopped.</summary>
    private const int Chunk = 64;

    public ISentenceEmbedder Embedder => embedder;

    /// <summary>Computes and stores the vector of every sentence that has none from this model (all of them when
    /// semantic answering is first switched on over an existing store); returns how many were computed.</summary>
    public async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var missing = new List<(long Id, string Text)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = """
                SELECT s.id, s.text FROM fact_sentences s
                LEFT JOIN fact_sentence_vectors v ON v.sentence_id = s.id AND v.model = $model
                WHERE v.sentence_id IS NULL ORDER BY s.id
                """;
            read.Parameters.AddWithValue("$model", embedder.Model);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        for (var start = 0; start < missing.Count; start += Chunk)
        {
            var chunk = missing.GetRange(start, Math.Min(Chunk, missing.Count - start));
            var vectors = embedder.Embed([.. chunk.Select(c => c.Text)], cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT OR REPLACE INTO fact_sentence_vectors (sentence_id, model, vector) VALUES ($id, $model, $vector)";
            var id = write.Parameters.Add("$id", SqliteType.Integer);
            write.Parameters.AddWithValue("$model", embedder.Model);
            var blob = write.Parameters.Add("$vector", SqliteType.Blob);
            for (var i = 0; i < chunk.Count; i++)
            {
                id.Value = chunk[i].Id;
                blob.Value = MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray();
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return missing.Count;
    }

    /// <summary>The vectors in the order <see cref="SqliteFactStore.LoadAsync"/> returns sentences; an empty vector
    /// for a sentence that has none from this model.</summary>
    public async Task<SentenceVectors> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT v.vector FROM fact_sentences s
            LEFT JOIN fact_sentence_vectors v ON v.sentence_id = s.id AND v.model = $model
            ORDER BY s.document_id, s.position
            """;
        read.Parameters.AddWithValue("$model", embedder.Model);
        var vectors = new List<float[]>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            vectors.Add(reader.IsDBNull(0) ? [] : MemoryMarshal.Cast<byte, float>(((byte[])reader.GetValue(0)).AsSpan()).ToArray());
        }

        return new SentenceVectors(embedder, vectors);
    }
}
