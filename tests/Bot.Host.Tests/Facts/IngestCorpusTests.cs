using Bot.Host;
using Bot.Host.Verbs;
using Bot.Storage.Facts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace Bot.Host.Tests.Facts;

/// <summary><c>ingest --corpus DIR</c> records DIR as the store's corpus: each test runs the verb in one host and
/// then starts another on the same SQLite file, as an operator would run the two commands.</summary>
public sealed class IngestCorpusTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ingest-corpus-" + Guid.NewGuid().ToString("N"));

    // The started hosts, whose libraries the tests read after start-up: disposed with the test.
    private readonly List<WebApplication> _started = [];

    public IngestCorpusTests()
    {
        Document("docs", "lantern.txt", "Lantern Archive Opens in Siem Reap",
            "Siem Reap, March 3, 2025 – The Tonle Sap Lantern Archive was founded by historian Sokha Meas.");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Docs => Path.Combine(_folder, "docs");

    public void Dispose()
    {
        foreach (var app in _started)
        {
            ((IDisposable)app).Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_after_ingest_corpus_keeps_the_ingested_documents()
    {
        (await IngestVerbAsync("--corpus", Docs)).ShouldBe(0);

        var library = await StartAsync();

        (await library.DocumentsAsync(Ct)).Select(d => d.Id).ShouldBe(["lantern.txt"]);
        library.CorpusFolder.ShouldBe(Docs);
        library.FollowsIngestedFolder.ShouldBeTrue();
    }

    [Fact]
    public async Task Ingest_corpus_run_twice_finds_nothing_changed_the_second_time()
    {
        (await IngestVerbAsync("--corpus", Docs)).ShouldBe(0);

        using var app = Build("ingest");
        var report = await app.Services.GetRequiredService<FactLibrary>().IngestAsync(Docs, Ct);

        report.Unchanged.ShouldBe(["lantern.txt"]);
        report.Changed.ShouldBeFalse();
    }

    [Fact]
    public async Task Plain_ingest_after_ingest_corpus_reads_the_recorded_folder()
    {
        (await IngestVerbAsync("--corpus", Docs)).ShouldBe(0);
        Document("docs", "ferry.txt", "Ferry Service Resumes", "Phnom Penh, May 5, 2024 – The Mekong ferry service resumed.");

        using var app = Build("ingest");
        var report = await app.Services.GetRequiredService<FactLibrary>().IngestAsync(null, Ct);

        report.Added.ShouldBe(["ferry.txt"]);
        report.Removed.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_Corpus_Path_changed_after_ingest_corpus_is_followed_at_start()
    {
        (await IngestVerbAsync("--corpus", Docs)).ShouldBe(0);
        Document("other", "ferry.txt", "Ferry Service Resumes", "Phnom Penh, May 5, 2024 – The Mekong ferry service resumed.");

        var library = await StartAsync($"--Corpus:Path={Path.Combine(_folder, "other")}");

        (await library.DocumentsAsync(Ct)).Select(d => d.Id).ShouldBe(["ferry.txt"]);
        library.FollowsIngestedFolder.ShouldBeFalse();
    }

    [Fact]
    public async Task Ingest_corpus_of_the_configured_folder_returns_the_store_to_Corpus_Path()
    {
        Document("configured", "ferry.txt", "Ferry Service Resumes", "Phnom Penh, May 5, 2024 – The Mekong ferry service resumed.");
        var configured = $"--Corpus:Path={Path.Combine(_folder, "configured")}";
        (await IngestVerbAsync("--corpus", Docs, configured)).ShouldBe(0);
        (await IngestVerbAsync("--corpus", Path.Combine(_folder, "configured"), configured)).ShouldBe(0);

        var library = await StartAsync(configured);

        (await library.DocumentsAsync(Ct)).Select(d => d.Id).ShouldBe(["ferry.txt"]);
        library.FollowsIngestedFolder.ShouldBeFalse();
    }

    [Fact]
    public async Task Start_names_the_recorded_folder_when_it_is_gone()
    {
        (await IngestVerbAsync("--corpus", Docs)).ShouldBe(0);
        Directory.Delete(Docs, recursive: true);

        var error = await Should.ThrowAsync<DirectoryNotFoundException>(() => StartAsync());

        error.Message.ShouldContain(Docs);
        error.Message.ShouldContain("ingest --corpus");
    }

    [Fact]
    public async Task Ingest_corpus_of_a_missing_folder_fails_and_records_nothing()
    {
        (await IngestVerbAsync("--corpus", Path.Combine(_folder, "missing"))).ShouldBe(1);

        using var app = Build("ingest");
        (await app.Services.GetRequiredService<SqliteFactStore>().SourceAsync(Ct)).ShouldBeNull();
    }

    private WebApplication Build(string? verb, params string[] settings)
    {
        string[] store = [$"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, "bot.db")}", .. settings];
        var builder = BotHost.CreateBuilder(verb is null ? store : [verb, .. store]);
        builder.AddStore().AddFactStore();
        return builder.Build();
    }

    private async Task<int> IngestVerbAsync(params string[] args)
    {
        var settings = args.Where(a => a.StartsWith("--Corpus:", StringComparison.Ordinal)).ToArray();
        using var app = Build("ingest", settings);
        var verb = app.Services.GetServices<ICliVerb>().Single(v => v.Name == "ingest");
        return await verb.RunAsync([.. args.Except(settings)], app.Services, Ct);
    }

    /// <summary>The bot's start-up ingestion, as the running bot does it: its hosted service, then the library it fed.</summary>
    private async Task<FactLibrary> StartAsync(params string[] settings)
    {
        var app = Build(null, settings);
        _started.Add(app);
        await app.Services.GetServices<IHostedService>().OfType<CorpusIngestAtStart>().Single().StartAsync(Ct);
        return app.Services.GetRequiredService<FactLibrary>();
    }

    private void Document(string folder, string name, string title, string text)
    {
        var path = Path.Combine(_folder, folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"{title}\n\n{text}\n");
    }
}
