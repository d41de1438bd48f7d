namespace Bot.Scheduling.Tests.Postgres;

/// <summary>The tests that load the PostgreSQL server and both cores for a minute or more (a fan-out of thousands of
/// posts, 10,000 Quartz firings) run one after another: run side by side, one starves the other's waits on a
/// 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterLoad
{
    public const string Name = "PostgreSQL cluster load";
}
