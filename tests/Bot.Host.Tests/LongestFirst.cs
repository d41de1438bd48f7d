using Bot.Host.Tests.Faults;
using Bot.Host.Tests.Platforms;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Bot.Host.Tests.LongestFirst))]

namespace Bot.Host.Tests;

/// <summary>Starts the two long collections first, the PostgreSQL fault suites and the whole-bot tests: the tests of
/// each run one after another and together take most of this project's time, so the other classes fit in after the
/// shorter of the two ends instead of adding their time before them. The benchmark smoke test, the next longest,
/// comes next; the rest keep xUnit's order. (At most two tests run at once on two cores.)</summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal)];

    private static int Rank(ITestCollection collection) =>
        collection.TestCollectionDisplayName == PostgresBotProcesses.Name ? 0
        : collection.TestCollectionDisplayName == OneBotAtATime.Name ? 1
        : collection.TestCollectionDisplayName.Contains(nameof(Benchmarks.BenchmarkSmokeTests), StringComparison.Ordinal) ? 2
        : 3;
}
