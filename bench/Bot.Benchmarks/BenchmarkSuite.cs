using System.Diagnostics;
using System.Globalization;
using Bot.Testing;

namespace Bot.Benchmarks;

/// <summary>The benchmark command: <c>[all|answering|ingest|peers|scheduler|fanout|interactions|startup] [--smoke]
/// [--channels N] [--report PATH]</c>. Prints progress and a summary, and writes the report (BENCHMARKS.md at the
/// repository root for a full run; a temp file for a smoke run unless --report says otherwise) as a generated block
/// of that file, keeping what was written by hand around it.</summary>
public static class BenchmarkSuite
{
    public static readonly string[] Parts = ["answering", "ingest", "peers", "scheduler", "fanout", "interactions", "startup"];

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _) && !a.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).ToList();
        var unknown = selected.Where(s => s != "all" && !Parts.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Unknown benchmark '{unknown[0]}': use all, {string.Join(", ", Parts)} (and --smoke for a quick run).");
            return 2;
        }

        var parts = selected.Count == 0 || selected.Contains("all") ? Parts : [.. selected];
        var channels = Option(args, "--channels") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : smoke ? 60 : 2_000;
        var root = FindRoot();
        var reportPath = Option(args, "--report") ?? (smoke ? Path.Combine(Path.GetTempPath(), "BENCHMARKS.smoke.md") : Path.Combine(root, "BENCHMARKS.md"));
        var command = "dotnet run -c Release --project bench/Bot.Benchmarks -- " + string.Join(' ', args.Where(a => a != reportPath && Option(args, "--report") != a && a != "--report"));
        var report = new Report(command.TrimEnd(), smoke);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"AnniversaryBot benchmarks: {string.Join(", ", parts)}{(smoke ? " (smoke)" : "")}");

        var facts = parts.Intersect(["answering", "ingest", "peers"]).ToList();
        if (facts.Count > 0)
        {
            await StepAsync("fact store", () => FactsBenchmark.RunAsync(root, smoke, facts.Contains("answering"), facts.Contains("ingest"), facts.Contains("peers"), report));
        }

        if (parts.Contains("answering"))
        {
            await StepAsync("answering (BenchmarkDotNet)", () =>
            {
                AnsweringMicrobenchmark.Run(smoke, report);
                return Task.CompletedTask;
            });
        }

        if (parts.Contains("scheduler"))
        {
            await StepAsync("scheduler", () => SchedulerBenchmark.RunAsync(root, smoke, report));
        }

        if (parts.Contains("fanout"))
        {
            if (!smoke && channels < 10_000)
            {
                report.Note(string.Create(CultureInfo.InvariantCulture,
                    $"Rate-limited fan-out ran at {channels:N0} channels to fit the session; the full size is `dotnet run -c Release --project bench/Bot.Benchmarks -- fanout --channels 10000` (about 200 s for Discord and 333 s for Telegram at the limits)."));
            }

            await StepAsync("fan-out", () => FanoutBenchmark.RunAsync(root, smoke, channels, report));
        }

        if (parts.Contains("interactions"))
        {
            await StepAsync("interactions", () => InteractionsBenchmark.RunAsync(root, smoke, report));
        }

        if (parts.Contains("startup"))
        {
            await StepAsync("start-up", async () =>
            {
                report.Note(smoke
                    ? "Start-up ran the build output beside the benchmark (smoke run)."
                    : $"Start-up ran what the Docker image ships: `{StartupHarness.PublishCommand}` (ReadyToRun), published into a temp folder before the runs.");
                foreach (var r in await StartupHarness.RunAsync(root, smoke ? 1 : 5, publish: !smoke))
                {
                    if (r.Runs > 1 || !r.Case.StartsWith("first", StringComparison.Ordinal))
                    {
                        report.AtMost("Start-up", $"{r.Case}: process start to ready /readyz, median of {r.Runs} (max {r.MaxSeconds:0.00} s)", r.MedianSeconds, "s", 1.5);
                        report.AtMost("Start-up", $"{r.Case}: idle resident memory", r.IdleResidentMb, "MB", 120);
                    }
                    else
                    {
                        report.Info("Start-up", r.Case, r.MedianSeconds, "s");
                        report.Info("Start-up", $"{r.Case}: idle resident memory", r.IdleResidentMb, "MB");
                    }

                    foreach (var (stage, seconds, cpu) in r.Stages)
                    {
                        report.Info("Start-up", string.Create(CultureInfo.InvariantCulture,
                            $"{r.Case}: stage \"{stage}\" as the bot logs it{(r.Runs > 1 ? ", median" : "")} (CPU {cpu:0.000} s)"), seconds, "s");
                    }
                }
            });
        }

        clock.Stop();
        var key = (parts.Length == Parts.Length ? "all" : string.Join(' ', parts)) + (smoke ? " --smoke" : "");
        var existing = File.Exists(reportPath) ? await File.ReadAllTextAsync(reportPath) : null;
        await File.WriteAllTextAsync(reportPath, GeneratedBlock.Replace(existing, key, report.Markdown(started, clock.Elapsed)));
        var missed = report.Figures.Where(f => f.Met == false).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {clock.Elapsed.TotalMinutes:0.0} min: {report.Figures.Count} figures, {report.Figures.Count(f => f.Met == true)} targets met, {missed.Count} missed{(missed.Count > 0 ? " (" + string.Join("; ", missed.Select(m => m.Name)) + ")" : "")}. Report: {reportPath}"));
        return 0;
    }

    private static async Task StepAsync(string name, Func<Task> step)
    {
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {name}");
        await step();
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("run from inside the repository (Bot.sln not found above the current folder)");
    }
}
