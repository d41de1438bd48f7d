using System.Text.Json;
using Bot.Core.Occasions;

namespace Bot.Host.Verbs;

/// <summary><c>occasions [--json]</c>: every occasion, curated and derived from the documents.</summary>
public sealed class OccasionsVerb : ICliVerb
{
    public string Name => "occasions";

    public string Usage => "occasions [--json]                 list the occasions (curated and derived from the documents)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var all = await services.GetRequiredService<IOccasionCatalog>().AllAsync(cancellationToken);
        if (VerbArguments.Flag(args, "--json"))
        {
            var rows = all.Select(o => new
            {
                id = o.Id,
                month = o.Month,
                day = o.Day,
                originalYear = o.OriginalYear,
                title = o.Title,
                kind = o.Curated ? "curated" : "derived",
                sources = o.Sources.Select(s => new { document = s.DocumentId, title = s.Title, date = s.Date, source = s.Source }),
            });
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, VerbJson.Options));
            return 0;
        }

        foreach (var o in all)
        {
            var sources = o.Sources.Count == 0 ? "" : " — " + string.Join("; ", o.Sources.Select(s => s.Title));
            await Console.Out.WriteLineAsync($"{o.Id,-8} {o.Month:00}-{o.Day:00} {o.OriginalYear} {(o.Curated ? "curated" : "derived"),-8} {o.Title}{sources}");
        }

        await Console.Out.WriteLineAsync($"{all.Count} occasions ({all.Count(o => o.Curated)} curated, {all.Count(o => !o.Curated)} derived).");
        return 0;
    }
}

internal static class VerbJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
