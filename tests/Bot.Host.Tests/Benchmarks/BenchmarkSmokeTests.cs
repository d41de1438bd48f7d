using System.Diagnostics;
using Bot.Host.Tests.EndToEnd;
using Bot.Testing;
using Shouldly;

namespace Bot.Host.Tests.Benchmarks;

/// <summary>Runs every benchmark once in smoke mode so the suite cannot rot. Asserts only that each part completed
/// and wrote its figures: CI machines are too noisy for timing assertions. The suite runs as its own process, built
/// with the solution, so that no test project references bench/.</summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Every_benchmark_completes_in_smoke_mode_and_reports_its_figures()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bot-bench-smoke-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var report = Path.Combine(folder, "BENCHMARKS.md");

            var exit = await RunBenchmarksAsync(["all", "--smoke", "--report", report]);

            exit.ShouldBe(0);
            var text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            foreach (var section in new[]
            {
                "## Ingestion", "## Answering: default corpus", "## Answering: BenchmarkDotNet", "## Side by side: default corpus",
                "## Scheduler: planner tick", "## Fan-out\n", "## Fan-out: Discord", "## Fan-out: Telegram", "## Interactions", "## Start-up",
            })
            {
                text.ShouldContain(section);
            }

            text.ShouldContain("| MiniSearch recall@3 |");
            text.ShouldContain("| Lunr recall@3 |");
            text.ShouldNotContain("NaN", Case.Sensitive);
            text.ShouldContain(GeneratedBlock.Begin("all --smoke"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunBenchmarksAsync(IEnumerable<string> args)
    {
        // The tests' own build configuration (…/bin/Debug/net10.0/) is the one the solution built the benchmarks in.
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var assembly = Path.Combine(BotProcess.RepositoryRoot, "bench", "Bot.Benchmarks", "bin", testOutput.Parent!.Name, testOutput.Name, "Bot.Benchmarks.dll");
        File.Exists(assembly).ShouldBeTrue("build Bot.sln first: " + assembly + " is missing");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = BotProcess.RepositoryRoot, UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    [Fact]
    public void A_new_run_replaces_its_own_generated_block_and_keeps_the_findings_written_around_it()
    {
        var first = GeneratedBlock.Replace(null, "all", "| figure | 1 ms |");
        var annotated = first + "\n## Findings\n\nWritten by hand.\n";
        var withScheduler = GeneratedBlock.Replace(annotated, "scheduler", "| tick | 9 ms |");

        var rerun = GeneratedBlock.Replace(withScheduler, "all", "| figure | 2 ms |");

        rerun.ShouldContain("| figure | 2 ms |");
        rerun.ShouldNotContain("| figure | 1 ms |");
        rerun.ShouldContain("## Findings\n\nWritten by hand.");
        rerun.ShouldContain("| tick | 9 ms |");
    }
}
