using Bot.Core.Facts;
using Bot.Storage.Facts;
using Microsoft.Data.Sqlite;
using Bot.Testing;
using Shouldly;

namespace Bot.Storage.Tests.Facts;

/// <summary>A store written by the schema before 012 (paragraphs, dates and quantities stored beside the sentences)
/// upgrades in place when the bot opens it, and keeps answering from the sentences it already holds.</summary>
public sealed class FactStoreUpgradeTests : IDisposable
{
    private const string Victory = CorpusWorkspace.Victory;

    private readonly CorpusWorkspace _workspace = new();

    public FactStoreUpgradeTests()
    {
        _workspace.Write("victory.txt", Victory);
        WritePreviousSchemaStore();
    }

    public void Dispose() => _workspace.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_of_the_previous_schema_is_searched_after_the_upgrade_without_a_new_ingest()
    {
        using var library = Open();
        (await library.SearchAsync("people attended the ceremony", 5, Cancel)).ShouldContain(p => p.Text.Contains("About 10,000 people attended.", StringComparison.Ordinal));
        (await library.SearchAsync("ceremony anniversary", 5, Cancel)).ShouldNotBeEmpty();
        (await library.DatedFactsAsync(Cancel)).ShouldContain(f => f.Year == 2024 && f.Month == 1 && f.Day == 7);
    }

    [Fact]
    public async Task The_upgrade_drops_the_tables_nothing_read()
    {
        using var library = Open();
        await library.IngestAsync(null, Cancel);
        Tables().ShouldNotContain("fact_paragraphs");
        Tables().ShouldNotContain("fact_dates");
        Tables().ShouldNotContain("fact_quantities");
    }

    [Fact]
    public async Task An_upgraded_store_skips_its_unchanged_file_and_replaces_a_changed_one()
    {
        using var library = Open();
        (await library.IngestAsync(null, Cancel)).Unchanged.ShouldBe(["victory.txt"]);
        _workspace.Write("victory.txt", Victory.Replace("About 10,000 people attended.", "About 20,000 people attended.", StringComparison.Ordinal));
        (await library.IngestAsync(null, Cancel)).Replaced.ShouldBe(["victory.txt"]);
        (await library.SearchAsync("people attended the ceremony", 5, Cancel)).ShouldContain(p => p.Text.Contains("About 20,000 people attended.", StringComparison.Ordinal));
        (await library.SearchAsync("10000 attended", 5, Cancel)).ShouldNotContain(p => p.Text.Contains("10,000", StringComparison.Ordinal));
    }

    private FactLibrary Open() =>
        new(_workspace.Store(new SqliteDatabase(_workspace.ConnectionString)), _workspace.Corpus, ShippedAnswering.Factory);

    private List<string> Tables()
    {
        using var connection = new SqliteConnection(_workspace.ConnectionString);
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = read.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The scripts up to 011 and the rows the ingest of that schema wrote for the corpus file: its
    /// document, paragraphs, sentences (indexed by the FTS trigger), dates and quantities.</summary>
    private void WritePreviousSchemaStore()
    {
        using var connection = new SqliteConnection(_workspace.ConnectionString);
        connection.Open();
        Execute(connection, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var script in SchemaScripts.For("Sqlite").Where(s => s.Version <= 11))
        {
            Execute(connection, script.Sql);
            Execute(connection, "INSERT INTO schema_version VALUES ($v, $n, '2026-01-01T00:00:00Z')", ("$v", script.Version), ("$n", script.Name));
        }

        var file = CorpusFolder.ReadFile(_workspace.PathOf("victory.txt"));
        var document = DocumentParser.Parse(file.Document!);
        Execute(connection, "INSERT INTO fact_documents VALUES ($id, $hash, $title, $date, $source, $body, $noise, '2026-01-01T00:00:00Z')",
            ("$id", document.Id), ("$hash", file.Hash), ("$title", document.Title), ("$date", document.Date), ("$source", document.Source), ("$body", document.Body), ("$noise", document.Noise));
        var id = 0;
        foreach (var p in document.Paragraphs)
        {
            Execute(connection, "INSERT INTO fact_paragraphs VALUES ($d, $p, $s, $l)", ("$d", document.Id), ("$p", p.Index), ("$s", p.Start), ("$l", p.Text.Length));
            foreach (var s in p.Sentences)
            {
                id++;
                Execute(connection, "INSERT INTO fact_sentences VALUES ($i, $d, $p, $n, $s, $l, $t)",
                    ("$i", id), ("$d", document.Id), ("$p", p.Index), ("$n", s.Index), ("$s", s.Start), ("$l", s.Text.Length), ("$t", s.Text));
                foreach (var d in Extraction.Dates(s.Text, document.Year))
                {
                    Execute(connection, "INSERT INTO fact_dates VALUES ($i, $k, $t, $s, $l, $y, $m, $d, $e)",
                        ("$i", id), ("$k", d.Kind.ToString()), ("$t", d.Text), ("$s", d.Start), ("$l", d.Length), ("$y", d.Year), ("$m", d.Month), ("$d", d.Day), ("$e", d.EndYear));
                }

                foreach (var q in Extraction.Quantities(s.Text))
                {
                    Execute(connection, "INSERT INTO fact_quantities VALUES ($i, $t, $s, $l, $lo, $hi, $h)",
                        ("$i", id), ("$t", q.Text), ("$s", q.Start), ("$l", q.Length), ("$lo", q.Low), ("$hi", q.High), ("$h", string.Join(' ', q.Head)));
                }
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
