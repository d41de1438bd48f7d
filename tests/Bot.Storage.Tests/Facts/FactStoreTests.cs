using Bot.Core.Facts;
using Bot.Storage.Facts;
using Bot.Testing;
using Shouldly;

namespace Bot.Storage.Tests.Facts;

/// <summary>Incremental ingest on a real SQLite file in a temp folder, with a small corpus folder beside it.</summary>
public sealed class FactStoreTests : IDisposable
{
    private const string Victory = CorpusWorkspace.Victory;
    private const string Trial = CorpusWorkspace.Trial;

    private readonly CorpusWorkspace _workspace = new();
    private readonly FactLibrary _library;

    public FactStoreTests()
    {
        _library = new FactLibrary(_workspace.Store(new SqliteDatabase(_workspace.ConnectionString)), _workspace.Corpus, ShippedAnswering.Factory);
    }

    public void Dispose()
    {
        _library.Dispose();
        _workspace.Dispose();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private void Write(string name, string text) => _workspace.Write(name, text);

    [Fact]
    public async Task First_ingest_adds_every_document()
    {
        Write("victory.txt", Victory);
        Write("trial.md", Trial);
        var report = await _library.IngestAsync(null, Cancel);
        report.Added.ShouldBe(["trial.md", "victory.txt"]);
        report.Sentences.ShouldBe(4);
    }

    [Fact]
    public async Task Unchanged_files_are_skipped_on_the_next_ingest()
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        var report = await _library.IngestAsync(null, Cancel);
        report.Unchanged.ShouldBe(["victory.txt"]);
        report.Changed.ShouldBeFalse();
    }

    [Fact]
    public async Task A_changed_file_is_replaced_and_its_old_sentences_are_gone()
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        Write("victory.txt", Victory.Replace("About 10,000 people attended.", "About 20,000 people attended.", StringComparison.Ordinal));
        var report = await _library.IngestAsync(null, Cancel);
        report.Replaced.ShouldBe(["victory.txt"]);
        (await _library.SearchAsync("10000 attended", 5, Cancel)).ShouldNotContain(p => p.Text.Contains("10,000", StringComparison.Ordinal));
        (await _library.SearchAsync("people attended the ceremony", 5, Cancel)).ShouldContain(p => p.Text.Contains("About 20,000 people attended.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_removed_file_loses_its_facts()
    {
        Write("victory.txt", Victory);
        Write("trial.txt", Trial);
        await _library.IngestAsync(null, Cancel);
        File.Delete(_workspace.PathOf("trial.txt"));
        var report = await _library.IngestAsync(null, Cancel);
        report.Removed.ShouldBe(["trial.txt"]);
        (await _library.DocumentsAsync(Cancel)).Select(d => d.Id).ShouldBe(["victory.txt"]);
        (await _library.SearchAsync("trial", 5, Cancel)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x10 }, "binary")]
    [InlineData(new byte[] { 0x41, 0x42, 0xC3, 0x28, 0x43 }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x20 }, "empty")]
    public async Task Unusable_files_are_reported_by_name_and_the_rest_still_ingests(byte[] content, string reason)
    {
        Write("victory.txt", Victory);
        File.WriteAllBytes(_workspace.PathOf("broken.txt"), content);
        var report = await _library.IngestAsync(null, Cancel);
        report.Added.ShouldBe(["victory.txt"]);
        var skipped = report.Skipped.ShouldHaveSingleItem();
        skipped.File.ShouldBe("broken.txt");
        skipped.Reason.ShouldContain(reason);
    }

    [Fact]
    public async Task Files_of_other_types_are_ignored()
    {
        Write("victory.txt", Victory);
        File.WriteAllBytes(_workspace.PathOf("photo.jpg"), [0xFF, 0xD8, 0xFF]);
        var report = await _library.IngestAsync(null, Cancel);
        report.Added.ShouldBe(["victory.txt"]);
        report.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_document_is_answerable_after_ingest()
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        (await _library.AskAsync("when was the trial of khmer rouge leaders", Cancel)).Text.ShouldNotContain("June 27, 2011");
        Write("trial.txt", Trial);
        await _library.IngestAsync(null, Cancel);
        (await _library.AskAsync("when was the trial of khmer rouge leaders", Cancel)).Text.ShouldContain("June 27, 2011");
    }

    [Fact]
    public async Task Document_metadata_is_stored()
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        var document = (await _library.DocumentsAsync(Cancel)).ShouldHaveSingleItem();
        document.Title.ShouldBe("Victory Day remembered in Phnom Penh");
        document.Date.ShouldBe("2024-01-07");
        document.Sentences.ShouldBe(3);
    }

    [Fact]
    public async Task Dated_facts_keep_their_original_year()
    {
        Write("trial.txt", Trial);
        await _library.IngestAsync(null, Cancel);
        (await _library.DatedFactsAsync(Cancel)).ShouldContain(f => f.Year == 2011 && f.Month == 6 && f.Day == 27 && f.DocumentId == "trial.txt");
    }

    [Fact]
    public async Task Stored_sentences_are_the_parsed_sentences_character_for_character()
    {
        const string text = """
            Chiến thắng 7/1 được kỷ niệm ở Phnom Penh 🎉

            Phnom Penh, January 7, 2024 – Người dân nói: "Chúng tôi nhớ ơn" \ ក្រុមខ្មែរក្រហម ended 🇰🇭 in 1979.	Tabs, \u0041 and 'quotes' stay.

            A control-free line with “curly quotes”, an em dash — and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters.
            """;
        Write("unicode.txt", text);
        await _library.IngestAsync(null, Cancel);
        var (_, stored) = await _workspace.Store(new SqliteDatabase(_workspace.ConnectionString)).LoadAsync(Cancel);
        var parsed = DocumentParser.Parse(new DocumentText("unicode.txt", text)).Sentences
            .Select(s => new FactSentence("unicode.txt", s.Paragraph, s.Index, s.Start, s.Text));
        stored.ShouldBe(parsed);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("NEAR(khmer rouge, 3)")]
    [InlineData("khmer* OR")]
    [InlineData("AND OR NOT")]
    [InlineData("^victory")]
    [InlineData("text: {a b}: - + \"x")]
    [InlineData("🎉 ក្រុមខ្មែរក្រហម Chiến thắng")]
    public async Task Full_text_search_never_fails_on_hostile_input(string query)
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        await Should.NotThrowAsync(() => _library.SearchAsync(query, 5, Cancel));
    }

    [Fact]
    public async Task Full_text_search_matches_stemmed_words_without_diacritics()
    {
        Write("victory.txt", Victory);
        await _library.IngestAsync(null, Cancel);
        (await _library.SearchAsync("rules", 5, Cancel)).ShouldContain(p => p.Text.StartsWith("The regime ruled", StringComparison.Ordinal));
    }

    [Fact]
    public void Query_builder_quotes_every_word_and_drops_operators() =>
        FtsQuery.Build("NEAR(\"khmer\" AND rouge*)").ShouldBe("\"near\" OR \"khmer\" OR \"rouge\"");

    [Fact]
    public void Query_builder_gives_nothing_for_text_without_words() =>
        FtsQuery.Build("\"*^ 🎉").ShouldBeNull();
}
