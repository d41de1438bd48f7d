namespace Bot.Host.Verbs;

/// <summary>A command-line verb for scripts and operators (<c>ask</c>, <c>ingest</c>, <c>preview</c>…).
/// Each feature's setup registers its own verbs.</summary>
public interface ICliVerb
{
    string Name { get; }

    /// <summary>One line: the verb, its options and what it does.</summary>
    string Usage { get; }

    /// <summary>Whether the store is brought up to date with the corpus before the verb runs (every verb that reads
    /// facts or occasions; not <c>ingest</c>, which reports its own work, nor <c>healthcheck</c>).</summary>
    bool NeedsCurrentStore => true;

    /// <summary>Runs the verb; returns the process exit code (0 ok, 1 failed, 2 bad usage).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken);
}
