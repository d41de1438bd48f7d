using System.Globalization;
using Bot.Storage.Facts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Storage.Tests.Facts;

/// <summary>A temp folder holding a corpus folder and a SQLite store beside it, deleted afterwards; and the two small
/// documents the fact store tests ingest.</summary>
public sealed class CorpusWorkspace : IDisposable
{
    public const string Victory = """
        Victory Day remembered in Phnom Penh

        Phnom Penh, January 7, 2024 – A ceremony marked the 45th anniversary of the fall of the Khmer Rouge regime. About 10,000 people attended.

        The regime ruled Cambodia from 1975 to 1979.
        """;

    public const string Trial = """
        Khmer Rouge leaders on trial

        On June 27, 2011, Cambodia's UN-backed trial of Khmer Rouge leaders opened in Phnom Penh.
        """;

    public CorpusWorkspace()
    {
        Folder = Path.Combine(Path.GetTempPath(), "facts-" + Guid.NewGuid().ToString("N"));
        Corpus = Path.Combine(Folder, "corpus");
        Directory.CreateDirectory(Corpus);
        StorePath = Path.Combine(Folder, "bot.db");
    }

    public string Folder { get; }

    public string Corpus { get; }

    public string StorePath { get; }

    public string ConnectionString => $"Data Source={StorePath}";

    /// <summary>The clock of every store opened here: the ingest records when it ran.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    public string PathOf(string name) => Path.Combine(Corpus, name);

    public void Write(string name, string text) => File.WriteAllText(PathOf(name), text);

    public SqliteFactStore Store(SqliteDatabase database) => new(database, Clock);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
