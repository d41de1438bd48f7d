using Bot.Host.Tests.Platforms;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Bot.Host.Tests.LongestFirst))]

namespace Bot.Host.Tests;

/// <summary>Starts the whole-bot collection first: its tests run one after another and together take most of this
/// project's time, so the other classes (at most one test beside it on two cores) fit into its length instead of
/// adding theirs before it. The benchmark smoke test, the next longest, comes next; the rest keep xUnit's order.</summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal)];

    private static int Rank(ITestCollection collection) =>
        collection.TestCollectionDisplayName == OneBotAtATime.Name ? 0
        : collection.TestCollectionDisplayName.Contains(nameof(Benchmarks.BenchmarkSmokeTests), StringComparison.Ordinal) ? 1
        : 2;
}
