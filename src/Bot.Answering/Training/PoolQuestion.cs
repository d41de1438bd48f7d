using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bot.Answering.Training;

/// <summary>A question of the pool (tests/pool/*.jsonl): its id, text, answer patterns (case-insensitive regular
/// expressions, as ../shared/eval/score.py reads them) and kind; a date question may say on which day it is asked
/// ("today": "2036-12-28"), else it is asked on <see cref="PoolDay"/>.</summary>
public sealed record PoolQuestion(string Id, string Question, IReadOnlyList<Regex> Answers, string Kind)
{
    /// <summary>"Today" for the pool's date questions that name no day: fixed, so that a refit next year gives the same model.</summary>
    public static readonly DateOnly PoolDay = new(2026, 12, 6);

    public DateOnly Today { get; init; } = PoolDay;

    public bool OnTopic => Kind is not ("unanswerable" or "offtopic" or "multilingual");

    public bool ToDecline => Kind is "unanswerable" or "offtopic";

    /// <summary>One fifth of the pool, chosen by id (SHA-1 of the id, as an integer, mod 5 = 0), is kept out of every
    /// fit and every choice and scored once, at the end.</summary>
#pragma warning disable CA5350 // SHA-1 here picks a slice of questions, it protects nothing
    public bool InFinalSlice => new BigInteger(SHA1.HashData(Encoding.UTF8.GetBytes(Id)), isUnsigned: true, isBigEndian: true) % 5 == 0;
#pragma warning restore CA5350

    public bool Holds(string text) => Answers.Any(a => a.IsMatch(text));

    public static IReadOnlyList<PoolQuestion> Load(string path)
    {
        var questions = new List<PoolQuestion>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                questions.Add(new PoolQuestion(
                    root.GetProperty("id").GetString()!,
                    root.GetProperty("question").GetString()!,
                    [.. root.GetProperty("answers").EnumerateArray().Select(a => new Regex(a.GetString()!, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))],
                    root.GetProperty("kind").GetString()!)
                {
                    Today = root.TryGetProperty("today", out var today) ? DateOnly.ParseExact(today.GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : PoolDay,
                });
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw new FormatException($"{path} line {number}: {ex.Message}", ex);
            }
        }

        return questions;
    }
}
