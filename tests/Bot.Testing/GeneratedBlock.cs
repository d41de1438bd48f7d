namespace Bot.Testing;

/// <summary>BENCHMARKS.md holds generated blocks between markers, one per set of benchmarks run (<c>all</c>,
/// <c>scheduler</c>, <c>fanout startup</c>…), and whatever was written by hand around them (findings, profiles,
/// before/after). A run replaces its own block only.</summary>
public static class GeneratedBlock
{
    public const string Title = "# AnniversaryBot benchmarks";

    public static string Begin(string key) => $"<!-- begin generated: {key} (the benchmark command replaces this block; write outside it) -->";

    public static string End(string key) => $"<!-- end generated: {key} -->";

    /// <summary>The file's text with the block for <paramref name="key"/> replaced by <paramref name="content"/>,
    /// or added at the end if the file has no such block yet.</summary>
    public static string Replace(string? existing, string key, string content)
    {
        var block = Begin(key) + "\n\n" + content.TrimEnd() + "\n\n" + End(key) + "\n";
        if (string.IsNullOrWhiteSpace(existing))
        {
            return Title + "\n\n" + block;
        }

        var begin = existing.IndexOf(Begin(key), StringComparison.Ordinal);
        var end = begin < 0 ? -1 : existing.IndexOf(End(key), begin, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            return existing.TrimEnd() + "\n\n" + block;
        }

        var after = end + End(key).Length;
        if (after < existing.Length && existing[after] == '\n')
        {
            after++;
        }

        return string.Concat(existing.AsSpan(0, begin), block, existing.AsSpan(after));
    }
}
