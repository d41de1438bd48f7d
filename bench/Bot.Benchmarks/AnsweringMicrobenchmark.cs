using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Bot.Core.Facts;

namespace Bot.Benchmarks;

/// <summary>BenchmarkDotNet: every eval question asked once per operation over the default corpus, with the memory
/// diagnoser; figures are per question. In process (no generated project to build) with a short job.</summary>
[MemoryDiagnoser]
public class AnsweringMicrobenchmark
{
    private IAnswerer _answerer = null!;
    private string[] _questions = [];

    public static int QuestionCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkSuite.FindRoot();
        var documents = Directory.GetFiles(Path.Combine(root, "config", "corpus")).Order(StringComparer.Ordinal)
            .Select(f => DocumentParser.Parse(new DocumentText(Path.GetFileName(f), File.ReadAllText(f)))).ToList();
        _answerer = BenchmarkAnswering.Factory().Create(
            [.. documents.Select(d => new StoredDocument(d.Id, d.Title, d.Date, d.Source, d.Body, d.Noise))],
            [.. documents.SelectMany(d => d.Sentences.Select(s => new FactSentence(d.Id, s.Paragraph, s.Index, s.Start, s.Text)))],
            null);
        _questions = [.. EvalQuestion.LoadAll(root).Select(q => q.Question)];
        QuestionCount = _questions.Length;
    }

    [Benchmark]
    public int AskEveryQuestion()
    {
        var passages = 0;
        foreach (var question in _questions)
        {
            passages += _answerer.Ask(question).Passages.Count;
        }

        return passages;
    }

    public static void Run(bool smoke, Report report)
    {
        var job = (smoke ? Job.Dry : Job.ShortRun.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance).WithOptions(ConfigOptions.DisableLogFile);
        if (smoke)
        {
            // The smoke run may come from a Debug test build: it proves the benchmark runs, not how fast.
            config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }

        var summary = BenchmarkRunner.Run<AnsweringMicrobenchmark>(config);
        var result = summary.Reports.Single();
        var questions = Math.Max(1, QuestionCount == 0 ? EvalQuestion.LoadAll(BenchmarkSuite.FindRoot()).Count : QuestionCount);
        const string section = "Answering: BenchmarkDotNet, default corpus (in process, short job)";
        if (result.ResultStatistics is { } statistics)
        {
            report.Info(section, $"mean per question (all {questions} eval questions per operation)", statistics.Mean / questions / 1e6, "ms");
            report.Info(section, "median per question", statistics.Median / questions / 1e6, "ms");
        }

        report.Info(section, "allocated per question (MemoryDiagnoser)", result.GcStats.GetBytesAllocatedPerOperation(result.BenchmarkCase) / (double)questions / 1024 ?? 0, "KB");
    }
}
