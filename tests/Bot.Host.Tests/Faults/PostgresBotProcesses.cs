namespace Bot.Host.Tests.Faults;

/// <summary>The fault suites that run bot processes on PostgreSQL (kills mid-fan-out, injected faults, a killed
/// Quartz node, the intake of a killed instance) run one after another, as the whole-bot tests do among themselves;
/// the two collections run beside each other. Most of these tests' time is waiting (leases, retry delays, check-ins,
/// sends answered after 100 ms), not CPU.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresBotProcesses
{
    public const string Name = "Bot processes on PostgreSQL";
}
