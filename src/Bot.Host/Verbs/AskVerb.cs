using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Messaging;
using Bot.Storage.Facts;

namespace Bot.Host.Verbs;

/// <summary><c>ask "question" [--json]</c>; without a question, one question per line from stdin and one JSON
/// object per line out: <c>{"question","answer","confidence","declined","passages":[{"text","document","title","date","score"}]}</c>.</summary>
public sealed class AskVerb : ICliVerb
{
    /// <summary>Camel-case JSON lines with text left readable (Vietnamese, quotes), shared by the fact verbs.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Name => "ask";

    public string Usage => "ask \"question\" [--json] [--explain] [--today YYYY-MM-DD]   answer a question (no question: one per line from stdin, JSON lines out; --today: date questions count from that day)";

    public Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(args, services, Console.In, Console.Out, Console.Error, Console.IsInputRedirected, cancellationToken);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextReader input, TextWriter output, TextWriter error, bool inputRedirected, CancellationToken cancellationToken)
    {
        var library = services.GetRequiredService<FactLibrary>();
        var json = VerbArguments.Flag(args, "--json");
        DateOnly? today = null;
        if (VerbArguments.Value(args, "--today") is { } day)
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
            {
                await error.WriteLineAsync($"--today '{day}' is not a date: write it as YYYY-MM-DD, e.g. 2031-01-07.");
                return 2;
            }

            today = parsed;
        }

        var words = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !(i > 0 && args[i - 1] == "--today")).ToList();
        if (words.Count > 0)
        {
            var question = string.Join(' ', words);
            var answer = await library.AskAsync(question, today, cancellationToken);
            await output.WriteLineAsync(json ? Line(question, answer) : PlainText.Render(AskCommand.Render(answer)));
            if (VerbArguments.Flag(args, "--explain"))
            {
                await output.WriteLineAsync((await library.AnswererAsync(cancellationToken)).Explain(question, today));
            }

            return 0;
        }

        var batch = json || inputRedirected;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            var answer = await library.AskAsync(line, today, cancellationToken);
            await output.WriteLineAsync(batch ? Line(line, answer) : PlainText.Render(AskCommand.Render(answer)));
        }

        await output.FlushAsync(cancellationToken);
        return 0;
    }

    public static string Line(string question, Answer answer) => JsonSerializer.Serialize(new AskLine(
        question,
        answer.Text,
        answer.Confidence,
        answer.Declined,
        answer.Conflict,
        [.. answer.Passages.Select(p => new AskPassage(p.Text, p.DocumentId, p.Title, p.Date, p.Source, p.Score))]), Json);

    private sealed record AskLine(string Question, string Answer, double Confidence, bool Declined, bool Conflict, IReadOnlyList<AskPassage> Passages);

    private sealed record AskPassage(
        string Text,
        string Document,
        string Title,
        string? Date,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source,
        double Score);
}
