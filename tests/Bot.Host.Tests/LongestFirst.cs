using Bot.Host.Tests.Benchmarks;
using Bot.Host.Tests.EndToEnd;
using Bot.Host.Tests.Faults;
using Bot.Host.Tests.Platforms;

[assembly: TestCollectionOrderer(typeof(Bot.Host.Tests.LongestFirst))]

namespace Bot.Host.Tests;

/// <summary>Starts the two long collections first, the PostgreSQL fault suites and the whole-bot tests: the tests of
/// each run one after another and together take most of this project's time, so the other classes fit in after the
/// shorter of the two ends instead of adding their time before them. The publish tests (a Release publish of the whole
/// bot before their first test, the longest in a fresh clone) and the benchmark smoke test come next; the rest keep
/// xUnit's order. (At most two collections run at once on two cores.)</summary>
public sealed class LongestFirst() : Bot.Testing.LongestFirst(
    Named(PostgresBotProcesses.Name), Named(OneBotAtATime.Name), ClassOf<PublishTests>(), ClassOf<BenchmarkSmokeTests>());
