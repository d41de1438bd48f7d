using Bot.Scheduling.Tests.Postgres;

[assembly: TestCollectionOrderer(typeof(Bot.Scheduling.Tests.LongestFirst))]

namespace Bot.Scheduling.Tests;

/// <summary>Starts the PostgreSQL cluster-load collection first: its tests run one after another and take most of
/// this project's time (the 10,000 Quartz firings alone over a minute), so the other classes fit into its length
/// beside it instead of running before it. The 100,000-subscription planner test, the next longest, comes next.</summary>
public sealed class LongestFirst() : Bot.Testing.LongestFirst(Named(ClusterLoad.Name), ClassOf<PlannerScaleTests>());
