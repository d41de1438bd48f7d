namespace Bot.Host.Verbs;

/// <summary>Splits the command line: a leading word is the verb; <c>--Section:Key=value</c> settings go to
/// configuration; everything after the verb goes to the verb.</summary>
public static class VerbArguments
{
    public static string? Verb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') ? args[0] : HelpFlag(args);

    public static IReadOnlyList<string> Rest(string[] args) => Verb(args) is null || args.Length == 0 ? [] : args[1..];

    /// <summary>Only <c>--Key=value</c> arguments are configuration (<c>--Urls=…</c>, <c>--Console:Enabled=false</c>);
    /// verb options such as <c>--json</c> or <c>--days 3</c> must not be mistaken for settings.</summary>
    public static string[] Options(string[] args) =>
        [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))];

    private static string? HelpFlag(string[] args) => args.Length > 0 && args[0] is "--help" or "-h" ? "help" : null;

    /// <summary>The value after <paramref name="name"/> (e.g. <c>--corpus DIR</c>), or null.</summary>
    public static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (string.Equals(args[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public static bool Flag(IReadOnlyList<string> args, string name) => args.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
}
