using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Core.Facts;

namespace Bot.Core.Tests.Facts;

/// <summary>One line of an eval file: <c>{"id","question","answers":[regex…],"sources","kind"}</c>.</summary>
public sealed record EvalQuestion(string Id, string Question, IReadOnlyList<string> Answers, string Kind)
{
    public bool Answerable => Kind is not ("unanswerable" or "offtopic");

    public static IReadOnlyList<EvalQuestion> Load(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            var root = json.RootElement;
            return new EvalQuestion(
                root.GetProperty("id").GetString()!,
                root.GetProperty("question").GetString()!,
                [.. root.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)],
                root.GetProperty("kind").GetString()!);
        })];
}

/// <summary>Scores answers exactly as ../shared/eval/score.py does: case-insensitive patterns over the direct answer
/// line and the passages, the answer line counting at rank 1 with the first passage.</summary>
public static class EvalScoring
{
    public static bool Declined(Answer answer) =>
        answer.Declined || answer.Passages.Count == 0 && Regex.IsMatch(answer.Text, "don.?t know", RegexOptions.IgnoreCase);

    /// <summary>1-based rank of the first text matching any pattern, or null.</summary>
    public static int? Rank(EvalQuestion question, Answer answer)
    {
        var patterns = question.Answers.Select(p => new Regex(p, RegexOptions.IgnoreCase)).ToList();
        var texts = new[] { answer.Text }.Concat(answer.Passages.Select(p => p.Text)).ToList();
        for (var k = 0; k < texts.Count; k++)
        {
            if (patterns.Any(p => p.IsMatch(texts[k])))
            {
                return Math.Max(k, 1);
            }
        }

        return null;
    }

    public sealed record Result(double RecallAt1, double RecallAt3, int Answerable, IReadOnlyList<string> Misses, IReadOnlyList<string> NotDeclined);

    public static Result Score(IReadOnlyList<EvalQuestion> questions, Func<string, Answer> ask)
    {
        int at1 = 0, at3 = 0, answerable = 0;
        var misses = new List<string>();
        var notDeclined = new List<string>();
        foreach (var question in questions)
        {
            var answer = ask(question.Question);
            if (!question.Answerable)
            {
                if (!Declined(answer))
                {
                    notDeclined.Add($"{question.Id} {question.Question} → {answer.Text}");
                }

                continue;
            }

            answerable++;
            var rank = Declined(answer) ? null : Rank(question, answer);
            at1 += rank == 1 ? 1 : 0;
            at3 += rank is <= 3 ? 1 : 0;
            if (rank != 1)
            {
                misses.Add($"{question.Id} rank={rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} {question.Question} → {answer.Text}");
            }
        }

        return new Result((double)at1 / Math.Max(answerable, 1), (double)at3 / Math.Max(answerable, 1), answerable, misses, notDeclined);
    }
}
