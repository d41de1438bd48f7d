using Bot.Core.Facts;

namespace Bot.Core.Tests.Facts;

/// <summary>The real default corpus (config/corpus) found from the test binary up to the repository root.</summary>
public static class Corpus
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<IReadOnlyList<ParsedDocument>> Parsed = new(() =>
        [.. Directory.GetFiles(Path.Combine(RootFolder.Value, "config", "corpus")).Order(StringComparer.Ordinal)
            .Select(f => DocumentParser.Parse(new DocumentText(Path.GetFileName(f), File.ReadAllText(f))))]);

    public static string Root => RootFolder.Value;

    public static IReadOnlyList<ParsedDocument> Documents => Parsed.Value;

    public static ParsedDocument Document(string prefix) => Parsed.Value.Single(d => d.Id.StartsWith(prefix, StringComparison.Ordinal));
}
