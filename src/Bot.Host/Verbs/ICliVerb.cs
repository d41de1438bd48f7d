namespace Bot.Host.Verbs;

/// <summary>A command-line verb for scripts and operators (<c>ask</c>, <c>ingest</c>, <c>preview</c>…).
/// Each feature's setup registers its own verbs.</summary>
public interface ICliVerb
{
    string Name { get; }

    /// <summary>One line: the verb, its options and what it does.</summary>
    string Usage { get; }

    /// <summary>Runs the verb; returns the process exit code (0 ok, 1 failed, 2 bad usage).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken);
}
