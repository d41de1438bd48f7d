using Bot.Scheduling.Tests.Postgres;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Bot.Scheduling.Tests.LongestFirst))]

namespace Bot.Scheduling.Tests;

/// <summary>Starts the PostgreSQL cluster-load collection first: its tests run one after another and take most of
/// this project's time (the 10,000 Quartz firings alone over a minute), so the other classes fit into its length
/// beside it instead of running before it. The 100,000-subscription planner test, the next longest, comes next.</summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal)];

    private static int Rank(ITestCollection collection) =>
        collection.TestCollectionDisplayName == ClusterLoad.Name ? 0
        : collection.TestCollectionDisplayName.Contains(nameof(PlannerScaleTests), StringComparison.Ordinal) ? 1
        : 2;
}
