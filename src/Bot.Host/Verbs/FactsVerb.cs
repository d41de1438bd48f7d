using System.Globalization;
using System.Text.Json;
using Bot.Storage.Facts;

namespace Bot.Host.Verbs;

/// <summary><c>facts --date YYYY-MM-DD [--json]</c>: the facts dated on that day of the year, in any year.</summary>
public sealed class FactsVerb : ICliVerb
{
    public string Name => "facts";

    public string Usage => "facts --date YYYY-MM-DD [--json]   facts dated on that day of the year (any year), with their year";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var given = VerbArguments.Value(args, "--date");
        if (given is null || !DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            await Console.Error.WriteLineAsync($"facts needs --date YYYY-MM-DD (a valid date such as 2025-01-07); got '{given}'.");
            return 2;
        }

        var library = services.GetRequiredService<FactLibrary>();
        var facts = (await library.DatedFactsAsync(cancellationToken))
            .Where(f => f.Month == day.Month && f.Day == day.Day)
            .OrderBy(f => f.Year)
            .ThenBy(f => f.DocumentId, StringComparer.Ordinal)
            .ToList();
        var output = Console.Out;
        if (VerbArguments.Flag(args, "--json"))
        {
            foreach (var fact in facts)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    year = fact.Year,
                    date = new DateOnly(fact.Year, fact.Month, fact.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    text = fact.Sentence,
                    document = fact.DocumentId,
                    title = fact.DocumentTitle,
                    documentDate = fact.DocumentDate,
                    source = fact.Source,
                }, AskVerb.Json));
            }

            return 0;
        }

        await output.WriteLineAsync($"{facts.Count} fact{(facts.Count == 1 ? "" : "s")} on {day.ToString("MMMM d", CultureInfo.InvariantCulture)}:");
        foreach (var fact in facts)
        {
            await output.WriteLineAsync($"{fact.Year}: {fact.Sentence}");
            await output.WriteLineAsync($"      — {fact.DocumentTitle}{(fact.Source is null ? "" : ", " + fact.Source)} ({fact.DocumentId})");
        }

        return 0;
    }
}
