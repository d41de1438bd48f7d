using System.Globalization;
using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>A figure computed from a dated fact, with the sentence that dates the event.</summary>
public sealed record ComputedAnswer(string Line, int Sentence);

/// <summary>Stage 4a: answers that compute with the calendar. The event's date comes from the best-ranked sentences
/// (an ordinal anniversary's origin first — "the 45th anniversary … in 2024" dates the event to 1979 — then a full
/// date, then a year that is not the article's own); "today" is the bot's clock. Which anniversary falls in a year,
/// the year of the Nth, years between the event and a year or today, days until the next one.</summary>
public sealed class DateArithmetic(PassageIndex index, TimeProvider clock)
{
    private const int Consider = 8;

    public ComputedAnswer? Compute(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked)
    {
        var asksYearOfOrdinal = question.DateAsk is null && question.Ordinal is not null && question.Type == AnswerType.Date;
        if (question.DateAsk is null && !asksYearOfOrdinal)
        {
            return null;
        }

        if (Origin(question, ranked) is not var (origin, sentence))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = Display(origin);
        switch (question.DateAsk)
        {
            case DateAsk.WhichAnniversary:
                {
                    var year = question.Year ?? today.Year;
                    var n = year - origin.Year;
                    return n > 0 ? new ComputedAnswer($"The {Ordinal(n)} anniversary: {year} is {n} years after {from}.", sentence) : null;
                }

            case DateAsk.DaysUntil when origin.Month is not null && origin.Day is not null:
                {
                    var next = Occurrence(origin, today.Year);
                    if (next < today)
                    {
                        next = Occurrence(origin, today.Year + 1);
                    }

                    var days = next.DayNumber - today.DayNumber;
                    return new ComputedAnswer($"{days} days: the next anniversary of {from} is on {next.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}.", sentence);
                }

            case DateAsk.YearsSince:
                {
                    var target = question.Year ?? (question.Ordinal is { } ordinal ? origin.Year + ordinal : today.Year);
                    var n = Math.Abs(target - origin.Year);
                    return n > 0 ? new ComputedAnswer($"{n} years: from {from} to {target}.", sentence) : null;
                }

            case null when question.Ordinal is { } nth:
                return new ComputedAnswer($"{origin.Year + nth}: the {Ordinal(nth)} anniversary of {from}.", sentence);

            default:
                return null;
        }
    }

    /// <summary>The event's date: among the best sentences, an anniversary's origin, else a full date (on the
    /// question's month and day when it names one), else a year; never the article's own date or the question's year.</summary>
    private ((int Year, int? Month, int? Day) Date, int Sentence)? Origin(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked)
    {
        var best = ranked.Take(Consider).ToList();
        foreach (var pass in new Func<DateMention, StoredDocument, bool>[]
        {
            (d, _) => d.Kind == DateKind.AnniversaryOrigin,
            (d, document) => d.Kind is DateKind.FullDate or DateKind.MonthDay && d.Year != document.Year
                && (question.MonthDay is not { } md || (d.Month == md.Month && d.Day == md.Day)),
            (d, document) => d.Kind is DateKind.Year or DateKind.YearRange && d.Year != document.Year,
        })
        {
            foreach (var candidate in best)
            {
                var document = index.DocumentOf(candidate.Sentence);
                foreach (var date in index.Evidence(candidate.Sentence).Dates)
                {
                    if (date.Year is { } year && year != question.Year && pass(date, document))
                    {
                        var full = date.Kind != DateKind.Year && date.Kind != DateKind.YearRange;
                        return ((year, full ? date.Month : null, full ? date.Day : null), candidate.Sentence);
                    }
                }
            }
        }

        return null;
    }

    private static DateOnly Occurrence((int Year, int? Month, int? Day) origin, int year) =>
        new(year, origin.Month!.Value, Math.Min(origin.Day!.Value, DateTime.DaysInMonth(year, origin.Month.Value)));

    private static string Display((int Year, int? Month, int? Day) date) =>
        date is { Month: { } m, Day: { } d }
            ? new DateOnly(date.Year, m, d).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)
            : date.Year.ToString(CultureInfo.InvariantCulture);

    public static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
