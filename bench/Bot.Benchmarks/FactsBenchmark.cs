using Bot.Answering;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Core.Facts;
using Bot.Storage;
using Bot.Storage.Facts;
using Bot.Testing;
using Microsoft.Data.Sqlite;

namespace Bot.Benchmarks;

/// <summary>One line of an eval file: <c>{"id","question","answers":[regex…],"kind"}</c>.</summary>
public sealed record EvalQuestion(string Id, string Question, IReadOnlyList<Regex> Answers, string Kind)
{
    public bool Answerable => Kind is not ("unanswerable" or "offtopic");

    /// <summary>The pool's questions about the default corpus (tests/pool/pool.json: the shared sets and the
    /// project's own), one JSON line each. A question asked under its own clock (<c>"today"</c>, the date sets) is
    /// left out: neither the bot on the benchmark's clock nor a peer can be scored on it.</summary>
    public static IEnumerable<string> Lines(string root)
    {
        var pool = Path.Combine(root, "tests", "pool");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(pool, "pool.json")));
        var files = manifest.RootElement.GetProperty("corpora").EnumerateArray()
            .Where(c => c.GetProperty("corpus").GetString() == "config/corpus")
            .SelectMany(c => c.GetProperty("questions").EnumerateArray().Select(q => Path.Combine(pool, q.GetString()!)))
            .ToList();
        return files.SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0 && !AskedOnItsOwnDay(l));
    }

    private static bool AskedOnItsOwnDay(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.TryGetProperty("today", out _);
    }

    public static IReadOnlyList<EvalQuestion> LoadAll(string root) =>
        [.. Lines(root).Select(l =>
            {
                using var json = JsonDocument.Parse(l);
                var r = json.RootElement;
                return new EvalQuestion(
                    r.GetProperty("id").GetString()!,
                    r.GetProperty("question").GetString()!,
                    [.. r.GetProperty("answers").EnumerateArray().Select(a => new Regex(a.GetString()!, RegexOptions.IgnoreCase))],
                    r.GetProperty("kind").GetString()!);
            })];

    /// <summary>1-based rank as ../shared/eval/score.py counts it (the answer line shares rank 1 with the first
    /// passage); null when declined or not found in the top three.</summary>
    public int? Rank(Answer answer)
    {
        if (answer.Declined || (answer.Passages.Count == 0 && Regex.IsMatch(answer.Text, "don.?t know", RegexOptions.IgnoreCase)))
        {
            return null;
        }

        var texts = new[] { answer.Text }.Concat(answer.Passages.Select(p => p.Text)).ToList();
        for (var k = 0; k < texts.Count; k++)
        {
            if (Answers.Any(p => p.IsMatch(texts[k])))
            {
                return Math.Max(k, 1);
            }
        }

        return null;
    }
}

/// <summary>Ingestion, answering and the side-by-side with MiniSearch and Lunr, on the default corpus and on a
/// synthetic corpus of many passages made from the real sentences with names, dates and numbers shuffled.</summary>
public static class FactsBenchmark
{
    private const int WarmUpIngests = 70;

    /// <summary>The process's first ingest of the default corpus, JIT compiles included: what a bot's first
    /// ingest after start-up pays. Reported once, beside the warm figures.</summary>
    private static double? _coldIngestSeconds;

    public static async Task RunAsync(string root, bool smoke, bool answering, bool ingest, bool peers, Report report)
    {
        var questions = EvalQuestion.LoadAll(root);
        var work = Path.Combine(Path.GetTempPath(), "anniversarybot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var defaultCorpus = Path.Combine(root, "config", "corpus");
            // One ingest of 26 KB takes a few ms, so a single GC or scheduler pause moves its figure by half: the
            // default corpus is timed many times, each into a fresh store, and its median is the figure.
            await CorpusAsync(root, "default corpus", defaultCorpus, work, questions, smoke ? 3 : 200, smoke ? 3 : 20, smoke ? 3 : 21, answering, ingest, peers, report);
            if (answering && !smoke)
            {
                // Loading the model takes seconds and hundreds of MB: full runs only (Bot.Semantic.Tests proves it works).
                await SemanticAsync(defaultCorpus, work, questions, 20, report);
            }

            var passages = smoke ? 2_000 : 100_000;
            var synthetic = Path.Combine(work, "synthetic");
            Console.WriteLine($"  generating {passages:N0} synthetic passages…");
            WriteSynthetic(defaultCorpus, synthetic, passages);
            await CorpusAsync(root, $"{passages:N0} passages", synthetic, work, questions, smoke ? 2 : 30, 1, 1, answering, ingest, peers, report);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The same questions with <c>Answering:Semantic</c> on: vectors computed at ingest, each question
    /// embedded once. Reported beside the lexical figures, not held to their targets.</summary>
    private static async Task SemanticAsync(string corpus, string work, IReadOnlyList<EvalQuestion> questions, int repeat, Report report)
    {
        Console.WriteLine("  answering with semantic scoring (MiniLM sentence vectors)…");
        var database = new SqliteDatabase($"Data Source={Path.Combine(work, Guid.NewGuid().ToString("N") + ".db")}");
        var watch = Stopwatch.StartNew();
        using var model = new Bot.Semantic.MiniLmEmbedder();
        var loadSeconds = watch.Elapsed.TotalSeconds;
        using var library = new FactLibrary(new SqliteFactStore(database, TimeProvider.System), corpus, BenchmarkAnswering.Factory(), vectors: new SentenceVectorStore(database, model));
        watch.Restart();
        await library.IngestAsync(null, CancellationToken.None);
        var ingestSeconds = watch.Elapsed.TotalSeconds;
        var answerer = await library.AnswererAsync(CancellationToken.None);
        foreach (var q in questions)
        {
            answerer.Ask(q.Question);
        }

        var samples = new Samples();
        for (var r = 0; r < repeat; r++)
        {
            foreach (var q in questions)
            {
                var start = Stopwatch.GetTimestamp();
                answerer.Ask(q.Question);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        var answerable = questions.Where(q => q.Answerable).ToList();
        var ranks = answerable.Select(q => q.Rank(answerer.Ask(q.Question))).ToList();
        var declined = questions.Where(q => !q.Answerable).Count(q => answerer.Ask(q.Question).Declined);
        var section = $"Answering with semantic scoring: default corpus ({((QuestionPipeline)answerer).Index.Count:N0} sentences, {questions.Count} questions × {repeat})";
        report.Info(section, "model load", loadSeconds, "s");
        report.Info(section, "first ingest with sentence vectors", ingestSeconds, "s");
        report.Info(section, "p50 per question", samples.Percentile(50), "ms");
        report.Info(section, "p99 per question", samples.Percentile(99), "ms");
        report.Info(section, "recall@1", ranks.Count(r => r == 1) / (double)answerable.Count, "");
        report.Info(section, "recall@3", ranks.Count(r => r is <= 3) / (double)answerable.Count, "");
        report.Info(section, $"unanswerable and page-noise questions declined (of {questions.Count - answerable.Count})", declined, "");
        report.Info(section, "peak resident memory of the benchmark process so far", PeakResidentMb(), "MB");
    }

    private static async Task CorpusAsync(string root, string label, string corpus, string work, IReadOnlyList<EvalQuestion> questions, int repeat, int peerRepeat,
        int ingests, bool answering, bool ingest, bool peers, Report report)
    {
        var bytes = Directory.GetFiles(corpus).Sum(f => new FileInfo(f).Length);

        Console.WriteLine($"  ingesting the {label} ({bytes / 1024.0 / 1024:0.0} MB{(ingests > 1 ? $", {ingests} times" : "")})…");

        // Warm-up ingests of the default corpus into throwaway stores first, so that the measured ingests run
        // optimised code, not first-call code. The tiered JIT optimises a method after 30 calls, and with dynamic PGO
        // only after 30 more through an instrumented version: a method called once per ingest needs about 60
        // ingests. Five warm-ups (as before) left the timed ingests at twice their steady CPU time (parsing alone
        // 5.3 ms instead of 0.8 ms). The pauses let the background compiles catch up on a busy machine. Once per
        // process: the second corpus finds the code already optimised.
        for (var w = _coldIngestSeconds is null ? 0 : WarmUpIngests; w < WarmUpIngests; w++)
        {
            var (warmUpDatabase, warmUp) = await FreshStoreAsync(work, Path.Combine(root, "config", "corpus"));
            var start = Stopwatch.GetTimestamp();
            using (warmUp)
            {
                await warmUp.IngestAsync(null, CancellationToken.None);
            }

            _coldIngestSeconds ??= Stopwatch.GetElapsedTime(start).TotalSeconds;
            ForgetPool(warmUpDatabase);
            if (w % 10 == 9)
            {
                await Task.Delay(200);
            }
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        ResetPeakResident();

        // Each timed ingest goes into its own fresh store, the same folder each time; the last one's store is kept
        // for the rest of the benchmark (re-ingest, index load, answering).
        var seconds = new Samples();
        var cpuSeconds = new Samples();
        var allocatedMb = new Samples();
        SqliteDatabase? database = null;
        FactLibrary? library = null;
        IngestReport? ingested = null;
        for (var run = 0; run < ingests; run++)
        {
            if (database is not null)
            {
                library!.Dispose();
                ForgetPool(database);
            }

            (database, library) = await FreshStoreAsync(work, corpus);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            ingested = await library.IngestAsync(null, CancellationToken.None);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            cpuSeconds.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            allocatedMb.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024);
        }

        using var kept = library!;
        var ingestPeak = PeakResidentMb();

        // The fixed cost of an ingest: the same folder again, every file read and hashed, none changed (as many
        // times as the ingest itself, for the same reason).
        var unchanged = new Samples();
        for (var run = 0; run < ingests; run++)
        {
            var start = Stopwatch.GetTimestamp();
            await kept.IngestAsync(null, CancellationToken.None);
            unchanged.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        var unchangedSeconds = unchanged.Percentile(50);
        var watch = Stopwatch.StartNew();
        var answerer = await kept.AnswererAsync(CancellationToken.None);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        var heapWithIndex = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        if (ingest)
        {
            var mb = bytes / 1024.0 / 1024;
            var median = seconds.Percentile(50);
            var of = ingests > 1 ? $", median of {ingests} ingests into fresh stores" : "";
            report.AtLeast("Ingestion", $"{label}: {ingested!.Sentences:N0} sentences, {mb:0.##} MB of text, into SQLite{of}", mb / median, "MB/s", 5);
            if (ingests > 1)
            {
                report.Info("Ingestion", $"{label}: slowest of the {ingests} ingests", mb / seconds.Max, "MB/s");
                report.Info("Ingestion", $"{label}: fastest of the {ingests} ingests", mb / seconds.Percentile(0), "MB/s");
            }

            report.Info("Ingestion", $"{label}: whole ingest{of}", median, "s");
            if (ingests > 1 && _coldIngestSeconds is { } cold)
            {
                report.Info("Ingestion", "default corpus: the process's first ingest (JIT compiles included; not in the figures above)", cold, "s");
            }

            report.Info("Ingestion", $"{label}: whole ingest, CPU time of the process (all threads){of}", cpuSeconds.Percentile(50), "s");
            report.Info("Ingestion", $"{label}: managed memory allocated by the ingest{of}", allocatedMb.Percentile(50), "MB");
            report.Info("Ingestion", $"{label}: reading and parsing alone, one thread (no SQLite)", ParseOnly(corpus), "s");
            report.Info("Ingestion", $"{label}: ingest again, nothing changed (reading and hashing every file: the fixed cost){(ingests > 1 ? $", median of {ingests}" : "")}", unchangedSeconds, "s");
            report.Info("Ingestion", $"{label}: peak resident memory of the benchmark process during the ingest{(ingests > 1 ? "s" : "")}", ingestPeak, "MB");
            if (mb < 1)
            {
                // A few KB of text cannot show a throughput: the run is the fixed cost of an ingest.
                report.Note(string.Create(CultureInfo.InvariantCulture,
                    $"The {label} is {bytes / 1024.0:0} KB: its MB/s is the fixed cost of an ingest (reading and hashing the files, {unchangedSeconds * 1000:0.#} ms with nothing to store; a transaction; the FTS5 index's first pages), not a rate."));
            }
            report.Info("Ingestion", $"{label}: index load after ingest (first question)", loadSeconds * 1000, "ms");
            report.Info("Ingestion", $"{label}: managed heap held by the loaded index", heapWithIndex / 1024.0 / 1024, "MB");
            report.Info("Ingestion", $"{label}: peak resident memory of the benchmark process so far", PeakResidentMb(), "MB");
        }

        if (!answering && !peers)
        {
            return;
        }

        // Warm up, then time every question many times (the JIT and caches settle in the first rounds).
        foreach (var q in questions)
        {
            answerer.Ask(q.Question);
        }

        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var samples = new Samples();
        var perQuestion = questions.ToDictionary(q => q, _ => new Samples());
        long allocated = 0;
        var asked = 0;
        var askingCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < repeat; r++)
        {
            foreach (var q in questions)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                answerer.Ask(q.Question);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                samples.Add(ms);
                perQuestion[q].Add(ms);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                asked++;
            }
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - askingCpuBefore).TotalMilliseconds;
        var gcs = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]).ToArray();
        var answerable = questions.Where(q => q.Answerable).ToList();
        var ranks = answerable.Select(q => q.Rank(answerer.Ask(q.Question))).ToList();
        var recall1 = ranks.Count(r => r == 1) / (double)answerable.Count;
        var recall3 = ranks.Count(r => r is <= 3) / (double)answerable.Count;
        var section = $"Answering: {label} ({((QuestionPipeline)answerer).Index.Count:N0} sentences, {questions.Count} questions × {repeat})";
        var isDefault = label == "default corpus";
        if (answering)
        {
            if (isDefault)
            {
                report.AtMost(section, "p50 per question", samples.Percentile(50), "ms", 0.2);
            }
            else
            {
                report.Info(section, "p50 per question", samples.Percentile(50), "ms");
            }

            report.AtMost(section, "p99 per question", samples.Percentile(99), "ms", isDefault ? 1 : 5);
            report.Info(section, "allocated per question", allocated / (double)asked / 1024, "KB");

            // CPU time moves less than wall time when other work shares the machine: what to compare between runs.
            report.Info(section, "CPU time of the process per question (user + system, GC included)", cpuMs / asked, "ms");

            // Where the tail comes from: questions that are slow every time, or pauses (GC, a busy shared CPU)?
            var medians = new Samples();
            foreach (var s in perQuestion.Values)
            {
                medians.Add(s.Percentile(50));
            }

            report.Info(section, "slowest question's own median (a p99 far above it is pauses, not the code)", medians.Max, "ms");
            report.Info(section, $"garbage collections while timing (gen0 / gen1 / gen2 = {gcs[0]} / {gcs[1]} / {gcs[2]})", gcs.Sum(), "collections");
            foreach (var (q, s) in perQuestion.OrderByDescending(p => p.Value.Percentile(50)).Take(5))
            {
                report.Info(section, $"slow question {q.Id} ({q.Kind}), its own median (its own max {s.Max.ToString("0.##", CultureInfo.InvariantCulture)} ms)", s.Percentile(50), "ms");
            }

            // The answering target is held only with the answers as good as before: recall beside the latency.
            report.Info(section, "recall@1 (answerable eval questions)", recall1, "");
            report.Info(section, "recall@3 (answerable eval questions)", recall3, "");
        }

        if (!peers)
        {
            return;
        }

        var peerSection = $"Side by side: {label}, same passages and questions";
        report.Info(peerSection, "AnniversaryBot recall@1", recall1, "");
        report.Info(peerSection, "AnniversaryBot recall@3", recall3, "");
        report.Info(peerSection, "AnniversaryBot p50 / question", samples.Percentile(50), "ms");
        report.Info(peerSection, "AnniversaryBot p99 / question", samples.Percentile(99), "ms");
        var timeout = TimeSpan.FromMinutes(isDefault ? 5 : 6);
        var (peerResults, finished) = await Peers.RunAsync(root, work, ((QuestionPipeline)answerer).Index.Sentences, peerRepeat, timeout);
        if (!finished)
        {
            report.Note(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {(peerResults.Count == 0 ? "neither MiniSearch nor Lunr" : "only " + string.Join(", ", peerResults.Select(p => p.Name)))} finished building and answering the {questions.Count} questions within {timeout.TotalMinutes:0} minutes; the rest were stopped."));
        }

        foreach (var peer in peerResults)
        {
            report.Info(peerSection, $"{peer.Name} recall@1", peer.RecallAt1, "");
            report.Info(peerSection, $"{peer.Name} recall@3", peer.RecallAt3, "");
            report.Info(peerSection, $"{peer.Name} p50 / question", peer.P50, "ms");
            report.Info(peerSection, $"{peer.Name} p99 / question", peer.P99, "ms");
            report.Info(peerSection, $"{peer.Name} index build", peer.BuildMs, "ms");
        }

    }

    /// <summary>A new store file with its schema applied (not part of ingestion), and a library over it.</summary>
    private static async Task<(SqliteDatabase Database, FactLibrary Library)> FreshStoreAsync(string work, string corpus)
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(work, Guid.NewGuid().ToString("N") + ".db")}");
        await using (await database.OpenAsync())
        {
        }

        return (database, new FactLibrary(new SqliteFactStore(database, TimeProvider.System), corpus, BenchmarkAnswering.Factory()));
    }

    /// <summary>Closes a finished store's pooled connections, so that many throwaway stores do not stay open.</summary>
    private static void ForgetPool(SqliteDatabase database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>The real documents (so the eval questions keep their answers) and <paramref name="passages"/>
    /// passages of <see cref="SyntheticCorpus"/> made from their sentences, written as a corpus folder.</summary>
    private static void WriteSynthetic(string realCorpus, string folder, int passages)
    {
        Directory.CreateDirectory(folder);
        var real = Directory.GetFiles(realCorpus).Order(StringComparer.Ordinal).ToList();
        foreach (var file in real)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var sentences = real.Select(f => DocumentParser.Parse(new DocumentText(Path.GetFileName(f), File.ReadAllText(f))))
            .SelectMany(d => d.Sentences.Select(s => s.Text)).ToList();
        foreach (var document in SyntheticCorpus.Generate(sentences, seed: 20260107, passages))
        {
            File.WriteAllText(Path.Combine(folder, document.Id), document.Content);
        }
    }

    /// <summary>The in-memory part of ingestion alone, to tell it from SQLite's share.</summary>
    private static double ParseOnly(string corpus)
    {
        var watch = Stopwatch.StartNew();
        foreach (var file in CorpusFolder.Read(corpus).Where(f => f.Document is not null))
        {
            DocumentParser.Parse(file.Document!);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Resets VmHWM (Linux: writing 5 to clear_refs), so that the next reading is the peak of what follows
    /// rather than of everything the process did before. Elsewhere the peak stays the whole process's.</summary>
    private static void ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>VmHWM: the most resident memory this process has held.</summary>
    private static double PeakResidentMb()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null
            ? Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024
            : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

/// <summary>MiniSearch and Lunr (bench/peers) over the same sentences AnniversaryBot indexes.</summary>
public static class Peers
{
    public sealed record PeerResult(string Name, double RecallAt1, double RecallAt3, double P50, double P99, double BuildMs);

    public static async Task<(IReadOnlyList<PeerResult> Results, bool Finished)> RunAsync(string root, string work, IReadOnlyList<FactSentence> sentences, int repeat, TimeSpan timeout)
    {
        var folder = Path.Combine(root, "bench", "peers");
        // npm writes node_modules/.package-lock.json last: without it an earlier install did not finish.
        if (!File.Exists(Path.Combine(folder, "node_modules", ".package-lock.json")))
        {
            Console.WriteLine("  installing the peers (npm ci in bench/peers)…");
            await RunAsync("npm", folder, InstallTimeout, "ci", "--no-audit", "--no-fund");
        }

        var passages = Path.Combine(work, "passages.jsonl");
        await File.WriteAllLinesAsync(passages, sentences.Select(s => JsonSerializer.Serialize(new { text = s.Text })));
        var questionFile = Path.Combine(work, "questions.jsonl");
        await File.WriteAllLinesAsync(questionFile, EvalQuestion.Lines(root));
        Console.WriteLine($"  running MiniSearch and Lunr over {sentences.Count:N0} passages…");
        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "peers.mjs", passages, questionFile, repeat.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        // Each peer prints its line when done; a peer that is still building or searching at the deadline is
        // reported as not finished rather than holding up the whole suite.
        var results = new List<PeerResult>();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.TrimStart().StartsWith('{'))
                {
                    using var json = JsonDocument.Parse(line);
                    var r = json.RootElement;
                    results.Add(new PeerResult(r.GetProperty("peer").GetString()!, r.GetProperty("recall_at_1").GetDouble(), r.GetProperty("recall_at_3").GetDouble(),
                        r.GetProperty("p50_ms").GetDouble(), r.GetProperty("p99_ms").GetDouble(), r.GetProperty("build_ms").GetDouble()));
                }
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (results, false);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node peers.mjs failed ({process.ExitCode}) in {folder}: {await stderr}");
        }

        return (results, true);
    }

    /// <summary>npm ci of two small packages takes seconds; a registry that does not answer must not hold up the suite
    /// (or a test run) for npm's own retries.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);

    private static async Task<string> RunAsync(string program, string folder, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalMinutes:0} minutes in {folder}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}) in {folder}: {await stderr}");
        }

        return await stdout;
    }
}
