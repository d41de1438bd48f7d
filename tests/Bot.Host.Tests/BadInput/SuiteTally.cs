using System.Collections.Concurrent;
using Bot.Core.Commands;

namespace Bot.Host.Tests.BadInput;

/// <summary>A batch of cases: how many per category, what the bot did with them, and every problem found, each
/// naming its case. Printed to the test output so that the README's figures can be taken from a run.</summary>
public sealed class SuiteTally(string edge)
{
    private readonly ConcurrentDictionary<(string Category, string Outcome), int> _counts = new();
    private readonly ConcurrentQueue<string> _problems = new();

    public int Cases => _counts.Values.Sum();

    public IReadOnlyList<string> Problems => [.. _problems];

    public void Count(string category, string outcome) => _counts.AddOrUpdate((category, outcome), 1, (_, n) => n + 1);

    public void Problem(string where, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            _problems.Enqueue($"{where}: {problem}");
        }
    }

    public void Problem(string where, string problem) => _problems.Enqueue($"{where}: {problem}");

    /// <summary>"refused", "unknown", "too long", "usage", "error", or "answered", read from the reply.</summary>
    public static string OutcomeOf(CommandResult result)
    {
        var first = result.Replies.Count > 0 ? result.Replies[0] : null;
        return first switch
        {
            null => "no reply",
            { Text: var t } when t.StartsWith("Only moderators", StringComparison.Ordinal) => "refused",
            { Text: var t } when t.StartsWith("I don't know the command", StringComparison.Ordinal) => "unknown command",
            { Text: var t } when t.StartsWith("That is too long", StringComparison.Ordinal) => "too long",
            { Text: var t } when t.Contains(" needs ", StringComparison.Ordinal) && t.Contains("Usage:", StringComparison.Ordinal) => "usage",
            { Text: var t } when t.StartsWith("Something went wrong", StringComparison.Ordinal) => "failed",
            { Private: true } => "declined",
            _ => "answered",
        };
    }

    public string Report()
    {
        var lines = new List<string> { $"{edge}: {Cases} cases, {_problems.Count} problems" };
        foreach (var category in _counts.Keys.Select(k => k.Category).Distinct().Order(StringComparer.Ordinal))
        {
            var outcomes = _counts.Where(c => c.Key.Category == category).OrderBy(c => c.Key.Outcome, StringComparer.Ordinal);
            lines.Add($"  {category}: {outcomes.Sum(c => c.Value)} — " + string.Join(", ", outcomes.Select(c => $"{c.Key.Outcome} {c.Value}")));
        }

        lines.AddRange(_problems.Take(40).Select(p => "  ! " + (p.Length > 300 ? p[..300] + "…" : p)));
        return string.Join('\n', lines);
    }

    public void Print() => TestContext.Current.TestOutputHelper?.WriteLine(Report());
}

