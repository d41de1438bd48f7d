using System.Globalization;
using System.Text.Json;
using Bot.Core.Facts;
using Bot.Storage.Facts;

namespace Bot.Host.Verbs;

/// <summary><c>facts --date MM-DD|YYYY-MM-DD [--json]</c>: the facts dated on that day of the year, in any year.</summary>
public sealed class FactsVerb : ICliVerb
{
    public string Name => "facts";

    public string Usage => "facts --date MM-DD|YYYY-MM-DD [--json]   facts dated on that day of the year (any year), with their year";

    public Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(args, services, Console.Out, Console.Error, cancellationToken);

    /// <summary>The verb with its output and error streams given (tests read them instead of the process console).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var given = VerbArguments.Value(args, "--date");
        if (given is null)
        {
            await error.WriteLineAsync($"facts needs --date: the day to list. {DayOfYear.Forms}");
            return 2;
        }

        var (day, problem) = DayOfYear.Parse(given);
        if (day is null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        var library = services.GetRequiredService<FactLibrary>();
        var facts = (await library.DatedFactsAsync(cancellationToken))
            .Where(f => f.Month == day.Month && f.Day == day.Day)
            .OrderBy(f => f.Year)
            .ThenBy(f => f.DocumentId, StringComparer.Ordinal)
            .ToList();
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

        await output.WriteLineAsync($"{facts.Count} fact{(facts.Count == 1 ? "" : "s")} on {day}:");
        foreach (var fact in facts)
        {
            await output.WriteLineAsync($"{fact.Year}: {fact.Sentence}");
            await output.WriteLineAsync($"      — {fact.DocumentTitle}{(fact.Source is null ? "" : ", " + fact.Source)} ({fact.DocumentId})");
        }

        return 0;
    }
}
