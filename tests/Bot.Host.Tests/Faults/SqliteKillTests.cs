using System.Globalization;
using System.Text;
using Bot.Host.Tests.EndToEnd;
using Bot.Host.Tests.Platforms;
using Bot.Storage;
using Bot.Storage.Subscriptions;
using Bot.Testing.Telegram;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace Bot.Host.Tests.Faults;

/// <summary>The SQLite store (WAL, one transaction per ingest run and per ledger step) survives a SIGKILL of the bot
/// process mid-ingestion and mid-fan-out: reopened, it passes SQLite's integrity check, holds no half-ingested
/// document and no lost or doubled delivery record, and a restarted bot finishes the work.</summary>
[Collection(OneBotAtATime.Name)]
[Trait("Category", "Slow")]
public sealed class SqliteKillTests(ITestOutputHelper output)
{
    private const int Documents = 1500;
    private const int Posts = 2000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_kill_mid_ingestion_leaves_a_consistent_store_and_the_next_ingest_completes_it()
    {
        using var workspace = new BotWorkspace();
        var corpus = WriteCorpus(Path.Combine(workspace.Folder, "corpus"), Documents);
        var settings = new Dictionary<string, string> { ["Corpus__Path"] = corpus };
        var wal = workspace.DatabasePath + "-wal";

        await using (var ingest = BotProcess.Start(workspace, ["ingest"], settings))
        {
            // Mid-run: the run's one transaction has spilled pages into the write-ahead log but not committed.
            await Ledger.UntilAsync(() => Task.FromResult((File.Exists(wal) && new FileInfo(wal).Length > 2_000_000) || ingest.Output.Contains("added", StringComparison.Ordinal)),
                Patience, "the ingest run to be writing");
            ingest.Output.ShouldNotContain("added", customMessage: "the kill came after the run had finished; make the corpus larger");
            ingest.Kill();
            await ingest.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        await using (var store = await OpenAsync(workspace))
        {
            await IntactAsync(store);
            var documents = await ScalarAsync(store, "SELECT count(*) FROM fact_documents");
            (await ScalarAsync(store, "SELECT count(*) FROM fact_documents d WHERE NOT EXISTS (SELECT 1 FROM fact_sentences s WHERE s.document_id = d.id)")).ShouldBe(0, "no document without its sentences");
            (await ScalarAsync(store, "SELECT count(*) FROM fact_sentences s WHERE NOT EXISTS (SELECT 1 FROM fact_documents d WHERE d.id = s.document_id)")).ShouldBe(0, "no sentence without its document");
            // The run is one transaction and the kill came before it finished: nothing of it may be in the store. (All
            // of it would mean the kill came after the commit, and the test would prove nothing: make the corpus larger.)
            documents.ShouldBe(0L, "the ingest run is one transaction, killed before it committed");
            output.WriteLine($"Ingest of {Documents} documents killed mid-run (write-ahead log {new FileInfo(wal).Length / 1024} KiB): reopened with {documents} documents, integrity ok");
        }

        SqliteConnection.ClearAllPools();
        await using var again = await BotProcess.RunAsync(workspace, ["ingest"], environment: settings);
        again.ExitCode.ShouldBe(0, again.Errors);
        await using (var store = await OpenAsync(workspace))
        {
            await IntactAsync(store);
            (await ScalarAsync(store, "SELECT count(*) FROM fact_documents")).ShouldBe(Documents);
        }
    }

    [Fact]
    public async Task A_kill_mid_fan_out_loses_no_delivery_record_and_a_restart_finishes_the_posts()
    {
        using var scenario = new FaultScenario();
        using var workspace = new BotWorkspace();
        await new SqliteSubscriptionStore(new SqliteDatabase($"Data Source={workspace.DatabasePath}")).BulkInsertAsync(scenario.Subscriptions("telegram", Posts), CancellationToken.None);
        SqliteConnection.ClearAllPools();
        await using var telegram = await FakeBotApi.StartAsync();
        var accepted = 0;
        using var counting = KillDuringFanOutTests.Counter(telegram, count => Volatile.Write(ref accepted, count));
        var settings = scenario.Settings(workspace);
        FaultScenario.AddTelegram(settings, telegram, FaultScenario.NoInjectedTimeouts);

        await using (var doomed = BotProcess.Start(workspace, [], settings))
        {
            await Ledger.UntilAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= Posts / 4), Patience, "a quarter of the posts", () => doomed.Errors);
            doomed.Kill();
            await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        var deliveredAtKill = telegram.Sent.Count;
        long inFlight;
        await using (var store = await OpenAsync(workspace))
        {
            await IntactAsync(store);
            inFlight = await ScalarAsync(store, "SELECT count(*) FROM deliveries WHERE status = 'sending'");
            var recorded = await SentOrSendingChatsAsync(store);
            telegram.Sent.Select(r => r.ChatId).Distinct().ShouldAllBe(chat => recorded.Contains(chat), "every post the platform accepted has its ledger row");
            (await ScalarAsync(store, "SELECT count(*) FROM deliveries WHERE status = 'sent'")).ShouldBeLessThanOrEqualTo(deliveredAtKill, "no row says sent without its post");
        }

        SqliteConnection.ClearAllPools();
        await using (var restarted = BotProcess.Start(workspace, [], settings))
        {
            await Ledger.UntilAsync(async () =>
            {
                await using var store = await OpenAsync(workspace);
                return await ScalarAsync(store, "SELECT count(*) FROM deliveries") == Posts
                    && await ScalarAsync(store, "SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending', 'failed_retryable')") == 0;
            }, Patience, "every post settled after the restart", () => restarted.Errors);
            restarted.Kill();
            await restarted.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        await using (var store = await OpenAsync(workspace))
        {
            await IntactAsync(store);
            (await ScalarAsync(store, "SELECT count(*) FROM deliveries WHERE status <> 'sent'")).ShouldBe(0);
        }

        var posts = telegram.Sent.Where(r => r.ReplyTo is null).ToList();
        posts.Select(p => p.ChatId).Distinct().Count().ShouldBe(Posts, "every chat got its post");
        var duplicated = posts.Count - Posts;
        duplicated.ShouldBeLessThanOrEqualTo((int)inFlight);
        output.WriteLine($"SQLite fan-out of {Posts} posts killed after {deliveredAtKill} were delivered with {inFlight} in flight; " +
            $"integrity ok; after a restart every post delivered, {duplicated} duplicated");
    }

    /// <summary>Documents shaped like the corpus's news items: a title, a dateline and sentences with dates and numbers.</summary>
    private static string WriteCorpus(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Provincial Commemoration Number {i} Held in Kampong Cham\n\n");
            text.Append(CultureInfo.InvariantCulture, $"Kampong Cham, January {1 + (i % 28)}, {1990 + (i % 30)} – ");
            for (var s = 0; s < 30; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Delegation {i}-{s} of {100 + s} members laid {s + 3} wreaths at memorial site {i} on March {1 + (s % 28)}, {1980 + s}, remembering the victims of the regime. ");
            }

            File.WriteAllText(Path.Combine(folder, $"commemoration-{i:D5}.txt"), text.ToString());
        }

        return folder;
    }

    private static async Task<SqliteConnection> OpenAsync(BotWorkspace workspace)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = workspace.DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>SQLite's own integrity check of the file, and the full-text index's check against its table.</summary>
    private static async Task IntactAsync(SqliteConnection store)
    {
        await using var check = store.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        (await check.ExecuteScalarAsync())?.ToString().ShouldBe("ok");
        check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'fact_sentences_fts'";
        if (Convert.ToInt64(await check.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0)
        {
            check.CommandText = "INSERT INTO fact_sentences_fts (fact_sentences_fts) VALUES ('integrity-check')";
            await check.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection store, string sql)
    {
        await using var command = store.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<long>> SentOrSendingChatsAsync(SqliteConnection store)
    {
        await using var command = store.CreateCommand();
        command.CommandText = "SELECT s.channel_id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.status IN ('sent', 'sending')";
        await using var reader = await command.ExecuteReaderAsync();
        var chats = new HashSet<long>();
        while (await reader.ReadAsync())
        {
            chats.Add(long.Parse(reader.GetString(0), CultureInfo.InvariantCulture));
        }

        return chats;
    }
}
