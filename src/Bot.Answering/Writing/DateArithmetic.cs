using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>A figure computed from dated facts, with the sentences that date the events (the first is quoted).</summary>
public sealed record ComputedAnswer(string Line, IReadOnlyList<int> Sentences)
{
    public int Sentence => Sentences[0];

    /// <summary>The figure comes from the day and the length the question gives, by the calendar alone.</summary>
    public bool FromQuestion { get; init; }
}

/// <summary>When an event happened, as far as a sentence says, and the sentence that says it.</summary>
public sealed record EventDate(int Year, int? Month, int? Day, int Sentence)
{
    public bool IsFull => Month is not null && Day is not null;

    /// <summary>The last year the event may have been in, when the documents name only a span it fell in ("the late
    /// 1990s": <see cref="Year"/> 1997, Latest 1999, Around "the late 1990s").</summary>
    public int? Latest { get; init; }

    public string? Around { get; init; }

    public string Display => Around is { } around ? around : IsFull
        ? new DateOnly(Year, Month!.Value, Day!.Value).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)
        : Month is { } m ? new DateOnly(Year, m, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture)
        : Year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Stage 4a: answers that compute with the calendar. Each event the question names is dated from the
/// sentences that best match its own words (ranked as any question is): the date nearest those words in the
/// best-ranked sentence that has one, a range's start or end by the event's verb ("took power" / "fell"), an
/// ordinal anniversary by the report that names it, a report's "N years ago" counted back from its own date.
/// "Today" is the bot's clock in the asker's time zone. Which anniversary falls in a year, the year of the Nth,
/// years since an event or between two, days until the next anniversary or between two dates, how long something
/// lasted.</summary>
public sealed partial class DateArithmetic(PassageIndex index, Func<string, IReadOnlyList<ScoredCandidate>> rankPhrase, AnsweringVocabulary vocabulary)
{
    private readonly DateEventWords _words = vocabulary.DateEvents;

    // Compared with a phrase's content stems, so without the stop words ("out of power" is "out power").
    private readonly string[][] _startStems = ContentPhrases(vocabulary.DateEvents.Start, vocabulary.StopWords);

    /// <summary>The one-word start words ("founded", "born", "establishment"), to search for a founding with.</summary>
    private readonly string _beginnings = string.Join(' ', vocabulary.DateEvents.Start.Where(p => p.Length == 1).Select(p => p[0]));
    private readonly string[][] _endStems = ContentPhrases(vocabulary.DateEvents.End, vocabulary.StopWords);

    /// <summary>The start and end words of a life ("born", "died").</summary>
    private readonly string[][] _lifeStems = ContentPhrases(vocabulary.DateEvents.Life, vocabulary.StopWords);

    /// <summary>The one-word start words of a life ("born", "birthday").</summary>
    private readonly HashSet<string> _birthStems = [.. ContentPhrases(vocabulary.DateEvents.Life, vocabulary.StopWords)
        .Where(p => p.Length == 1 && ContentPhrases(vocabulary.DateEvents.Start, vocabulary.StopWords).Any(q => q.SequenceEqual(p))).Select(p => p[0])];

    /// <summary>Words by which a subject makes an event happen to another ("killed"), stemmed as sentences are.</summary>
    private readonly string[][] _causedStems = [.. vocabulary.DateEvents.Caused.Select(p => p.Select(Stemmer.Stem).ToArray())];

    /// <summary>The anniversary the documents mark most often: what a question that names no event counts from
    /// ("which anniversary is it in 2031", "how many days until the next one"). The year whose anniversaries they
    /// mark most; when the marks give no day ("the 35th anniversary of the 1979 victory"), the day of that year the
    /// documents name most.</summary>
    private readonly Lazy<EventDate?> _mostMarked = new(() => MostMarked(index));

    /// <summary>For each year, the day of it the documents name most often (what "35 years ago" most likely means).</summary>
    private readonly Lazy<Dictionary<int, (int Month, int Day)>> _dayOfYear = new(() => UsualDays(index));

    private static EventDate? MostMarked(PassageIndex index)
    {
        var marks = index.Sentences
            .SelectMany((_, s) => index.Evidence(s).Dates.Where(d => d.Kind == DateKind.AnniversaryOrigin && d.Year is not null).Select(d => (d, s)))
            .ToList();
        var year = marks.GroupBy(p => p.d.Year!.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.First().s).FirstOrDefault();
        if (year is null)
        {
            return null;
        }

        var dated = year.Where(p => p.d is { Month: not null, Day: not null }).GroupBy(p => (p.d.Month!.Value, p.d.Day!.Value))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First().s).FirstOrDefault();
        if (dated is not null)
        {
            return new EventDate(year.Key, dated.Key.Item1, dated.Key.Item2, dated.First().s);
        }

        return UsualDays(index).TryGetValue(year.Key, out var day)
            ? new EventDate(year.Key, day.Month, day.Day, year.First().s)
            : new EventDate(year.Key, null, null, year.First().s);
    }

    private static Dictionary<int, (int Month, int Day)> UsualDays(PassageIndex index) => index.Sentences
        .SelectMany((_, s) => index.Evidence(s).Dates.Where(d => d.Kind is DateKind.FullDate or DateKind.AnniversaryOrigin && d is { Year: not null, Month: not null, Day: not null }))
        .GroupBy(d => (d.Year!.Value, d.Month!.Value, d.Day!.Value))
        .GroupBy(g => g.Key.Item1)
        .ToDictionary(y => y.Key, y => y.OrderByDescending(g => g.Count()).ThenBy(g => (g.Key.Item2, g.Key.Item3)).Select(g => (g.Key.Item2, g.Key.Item3)).First());

    /// <summary>What the most marked anniversary scores as an anniversary question's origin: as much as a year named
    /// near the question's words in the second-best sentence.</summary>
    private const double MostMarkedPrior = 0.3;

    /// <summary>How many of the best-ranked sentences are searched for an event's date.</summary>
    private const int Consider = 6;

    public ComputedAnswer? Compute(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked, DateOnly today)
    {
        var computed = Figure(question, ranked, today);
        return computed is null ? null : InAskedUnit(question, computed);
    }

    /// <summary>"They ruled for 3 years, 8 months and 20 days and were ousted on January 7, 1979 - when did their rule
    /// begin": a question that gives a day and a length, and asks the start (or the end) they mark, is answered by the
    /// calendar; the start or end word asked is the one the focus names last. The line cites the sentence that states
    /// the same length, else the best sentence.</summary>
    private ComputedAnswer? FromLength(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked)
    {
        var focus = ContentStems(question.Focus);
        var start = _startStems.Select(p => Phrase.IndexIn(focus, p)).DefaultIfEmpty(-1).Max();
        var end = _endStems.Select(p => Phrase.IndexIn(focus, p)).DefaultIfEmpty(-1).Max();
        // The rewritten words ("3 yrs" is "3 years"), title-cased as the documents write month names.
        var words = string.Join(' ', question.Words);
        var mentions = Extraction.Dates(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(words), null);
        if ((start < 0 && end < 0) || ranked.Count == 0
            || mentions.FirstOrDefault(m => m.Kind == DateKind.FullDate) is not { Year: { } year, Month: { } month, Day: { } day } known
            || mentions.FirstOrDefault(m => m.Kind == DateKind.Duration) is not { } length
            || Extraction.LengthParts(length.Text) is not { } parts
            || year - parts.Years - (parts.Months / 12) - (parts.Days / 365) - 2 < 1 || year + parts.Years + (parts.Months / 12) + (parts.Days / 365) + 2 > 9999)
        {
            return null;
        }

        var sign = start > end ? -1 : 1;
        var from = new DateOnly(year, month, day);
        var at = from.AddYears(sign * parts.Years).AddMonths(sign * parts.Months).AddDays(sign * parts.Days);
        var stated = ranked.Take(Consider).Select(c => c.Sentence)
            .FirstOrDefault(c => index.Evidence(c).Dates.Any(d => d.Kind == DateKind.Duration && Extraction.LengthParts(d.Text) == parts), ranked[0].Sentence);
        var text = at.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
        return new ComputedAnswer($"{text}: {words.Substring(length.Start, length.Length)} {(sign < 0 ? "before" : "after")} {known.Display}.", [stated]) { FromQuestion = true };
    }

    /// <summary>"What was the date 100 days after the regime fell", "two weeks before the landing": the day the
    /// documents give the event, moved by the length the question names, forward or back as the word after it says.</summary>
    private ComputedAnswer? AfterEvent(ReadQuestion question)
    {
        var words = string.Join(' ', question.Words);
        if (Extraction.Dates(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(words), null).FirstOrDefault(m => m.Kind == DateKind.Duration) is not { } length
            || Extraction.LengthParts(length.Text) is not { } parts)
        {
            return null;
        }

        var rest = AnsweringVocabulary.Words(words[(length.Start + length.Length)..]).ToList();
        var forward = _words.Forward.FirstOrDefault(p => Phrase.StandsAt(rest, p, 0));
        var backward = _words.Backward.FirstOrDefault(p => Phrase.StandsAt(rest, p, 0));
        if ((forward ?? backward) is not { } direction
            || Date(string.Join(' ', rest.Skip(direction.Length)), null) is not { IsFull: true } from
            || from.Year + ((forward is null ? -1 : 1) * (parts.Years + (parts.Months / 12) + (parts.Days / 365) + 2)) is < 1 or > 9999)
        {
            return null;
        }

        var sign = forward is null ? -1 : 1;
        var at = new DateOnly(from.Year, from.Month!.Value, from.Day!.Value).AddYears(sign * parts.Years).AddMonths(sign * parts.Months).AddDays(sign * parts.Days);
        return new ComputedAnswer($"{at.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}: {length.Text.ToLowerInvariant()} {string.Join(' ', direction)} {from.Display}.", [from.Sentence]);
    }

    /// <summary>"How many decades ago", "how many weeks until": the count in the unit asked for, with the years or
    /// days it comes from.</summary>
    private static ComputedAnswer InAskedUnit(ReadQuestion question, ComputedAnswer computed)
    {
        if (LeadingCount().Match(computed.Line) is not { Success: true } count)
        {
            return computed;
        }

        var n = int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = count.Groups[2].Value;
        var converted = unit switch
        {
            "year" when n >= 10 && Phrase.In(question.Words, ["decades"]) => Count(n / 10, "decade"),
            "day" when n >= 7 && Phrase.In(question.Words, ["weeks"]) => n % 7 == 0 ? Count(n / 7, "week") : $"{Count(n / 7, "week")} and {Count(n % 7, "day")}",
            _ => null,
        };
        return converted is null ? computed : computed with { Line = $"{converted} ({computed.Line[..count.Length]}){computed.Line[count.Length..]}" };
    }

    [GeneratedRegex(@"^(\d+) (year|day)s?\b")]
    private static partial Regex LeadingCount();

    /// <summary>The computed figure, counted in years or days whatever unit the question asks in.</summary>
    private ComputedAnswer? Figure(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked, DateOnly today)
    {
        // "What year did …" with no anniversary named by number asks when, as "when did …" does.
        if (question.DateAsk is null || (question.DateAsk == DateAsk.YearOf && question.Ordinal is null))
        {
            // "When is the next victory day": the day of the event's next anniversary, this year's until it has passed.
            if (question is { Type: AnswerType.Date, Ordinal: null, Year: null } && _words.Upcoming.Any(p => Phrase.In(question.Words, p))
                && !_words.Past.Any(p => Phrase.In(question.Words, p))
                && Date(Plain(question.Focus), null, anniversary: true) is { IsFull: true } next)
            {
                var year = On(next, today.Year) >= today ? today.Year : today.Year + 1;
                var day = On(next, year).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
                return new ComputedAnswer($"{day}: the {Ordinal(year - next.Year)} anniversary of {next.Display}.", [next.Sentence]);
            }

            if (question.Type == AnswerType.Date && (FromLength(question, ranked) ?? AfterEvent(question)) is { } fromLength)
            {
                return fromLength;
            }

            // "When did …": the date nearest the question's words in the best sentences that date it.
            var when = question.Type == AnswerType.Date ? Date(question.Focus, ranked) : null;

            // "When is the 60th": a date that is not that anniversary's year answers something else; the year
            // counted from the event's origin does not. "When was the meeting for the 35th anniversary held" asks
            // the date of a report of that anniversary.
            if (question is { DateAsk: null, Type: AnswerType.Date, Ordinal: { } nth } && Date(Plain(question.Focus), null, anniversary: true) is { } origin
                && when?.Year != origin.Year + nth
                && !(when is not null && index.Sentences[when.Sentence].Text.Contains($"{Ordinal(nth)} anniversar", StringComparison.OrdinalIgnoreCase)))
            {
                var day = origin.IsFull ? On(origin, origin.Year + nth).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture) : $"{origin.Year + nth}";
                return new ComputedAnswer($"{day}: the {Ordinal(nth)} anniversary of {origin.Display}.", [origin.Sentence]);
            }

            return when is null ? null : new ComputedAnswer($"{char.ToUpperInvariant(when.Display[0])}{when.Display[1..]}.", [when.Sentence]);
        }

        // The year and the anniversary the question names are what to compute with; only an event phrase that
        // holds them is dated by them ("the 2014 ceremony", "the 45th anniversary ceremony").
        var events = question.Events.Count > 0 ? question.Events : [question.Focus];
        var single = events.Count == 1;
        var (phraseYear, phraseOrdinal) = YearAndOrdinal(events[0]);

        // "How many years from now is the centenary", "how many years ago was the 35th": the years between today and
        // the anniversary the question names by number, whichever way they run.
        // An anniversary the documents date ("the 45th anniversary ceremony") is counted from its own date, which may
        // be a day apart from the anniversary's.
        if (question is { DateAsk: DateAsk.YearsSince or DateAsk.YearsBetween, Year: null, Ordinal: { } counted } && single)
        {
            var marked = Date(Plain(events[0]), null, anniversary: true);
            var held = phraseOrdinal is not null ? Date(events[0], null) : null;
            // The date the documents give for the anniversary itself: the one the ordinal phrase dates, or the one
            // found for the event when its sentence reports that anniversary in an article too early for it to be
            // the origin ("a meeting to mark the 35th anniversary" on January 5, 2014, in 2014).
            // A date found for "the 45th anniversary ceremony" too early to be that anniversary of what the documents
            // mark is the date the anniversary counts from.
            var early = held is not null && _mostMarked.Value is { } reference && held.Year < reference.Year + counted - 1;
            var itself = early ? held! with { Year = held.Year + counted }
                : held is not null && held.Year != marked?.Year ? held
                : marked is not null && index.DocumentOf(marked.Sentence).Year is { } reported && marked.Year + counted > reported
                    && index.Sentences[marked.Sentence].Text.Contains($"{Ordinal(counted)} anniversar", StringComparison.OrdinalIgnoreCase) ? marked : null;
            if (itself is not null)
            {
                var past = itself.IsFull ? On(itself, itself.Year) <= today : itself.Year <= today.Year;
                return past ? SinceToday(question, itself, today) : ToAnniversary(itself with { Year = itself.Year - counted }, counted, today);
            }

            return marked is null ? null : ToAnniversary(marked, counted, today);
        }

        // "How many days till victory day, the jan 7 one, when the regime was kicked out": a second event that does
        // not date apart from the first describes it; the days are to the first's next anniversary.
        if (question.DateAsk == DateAsk.DaysUntil && !single)
        {
            if (DaysBetween(events) is { } apart)
            {
                return apart;
            }

            single = true;
        }

        switch (question.DateAsk)
        {
            case DateAsk.Span:
                return Duration(question, ranked, events[0], span: true);

            // "How long was the mission from liftoff to splashdown": the time between the two dated events. "How long
            // did they stay in quarantine after getting back" names one thing that lasted and when it began: its
            // stated length first.
            case DateAsk.HowLong when !single:
                return _words.PairOpen.Any(p => Phrase.In(question.Words, p))
                    ? Lasted(events) ?? Duration(question, ranked, events[0])
                    : Duration(question, ranked, events[0]) ?? Lasted(events);

            case DateAsk.HowLong:
            case DateAsk.DaysBetween when single:
            case DateAsk.YearsBetween when single && (phraseYear is not null || question.Year is null):
                return Duration(question, ranked, events[0]);

            case DateAsk.WhichAnniversary:
                {
                    // "They pulled out in 1989. Which anniversary falls this year?", "its 47th was in 2025 - which one
                    // is coming up?": a past year beside "this year" or "next" is when something was, not the year
                    // asked about; without an anniversary by number beside it, it dates the event.
                    var thisYear = Phrase.In(question.Words, ["this", "year"]);
                    var upcoming = _words.Upcoming.Any(p => Phrase.In(question.Words, p));
                    var told = question.Year is { } named && named < today.Year && (thisYear || upcoming);
                    var origin = (told && question.Ordinal is null ? Date(events[0], null, anniversary: true) : null)
                        ?? Date(Plain(events[0]), null, anniversary: true);
                    if (origin is null)
                    {
                        return null;
                    }

                    // "Which anniversary is next": once this year's has passed, next year's; "next year": next year's.
                    var nextYear = _words.Upcoming.Any(p => Phrase.In(question.Words, [.. p, "year"]));
                    var passed = origin.IsFull && On(origin, today.Year) < today && upcoming;
                    var year = (told ? null : question.Year) ?? (thisYear ? today.Year : nextYear || passed ? today.Year + 1 : today.Year);
                    var n = year - origin.Year;
                    return n > 0 ? new ComputedAnswer($"The {Ordinal(n)} anniversary: {year} is {n} years after {origin.Display}.", [origin.Sentence]) : null;
                }

            case DateAsk.YearOf when question.Ordinal is { } nth:
                {
                    return Date(Plain(events[0]), null, anniversary: true) is { } origin
                        ? new ComputedAnswer($"{origin.Year + nth}: the {Ordinal(nth)} anniversary of {origin.Display}.", [origin.Sentence])
                        : null;
                }

            // "How old was Aldrin at the 40th anniversary": from the birth to that anniversary of the event the
            // documents mark most; never from the anniversary itself, which is no birth.
            case DateAsk.Age when single && phraseOrdinal is { } nth:
                {
                    if (Date(Plain(events[0]), null, founding: true) is not { } born || _mostMarked.Value is not { } origin)
                    {
                        return null;
                    }

                    var at = origin with { Year = origin.Year + nth };
                    var age = Age(born, at);
                    return age > 0 ? new ComputedAnswer($"{Count(age, "year")}: from {born.Display} to the {Ordinal(nth)} anniversary of {origin.Display}, {at.Display}.", [born.Sentence, origin.Sentence]) : null;
                }

            case DateAsk.Age:
                {
                    if (Date(events[0], null, founding: true) is not { } born)
                    {
                        return null;
                    }

                    // "How old was she when the bridge opened": from the birth to the second event.
                    if (single)
                    {
                        return SinceToday(born, today);
                    }

                    if (Date(WithoutBirth(events[1]), null) is not { } at)
                    {
                        return null;
                    }

                    var age = Age(born, at);
                    return age > 0 ? new ComputedAnswer($"{Count(age, "year")}: from {born.Display} to {at.Display}.", [born.Sentence, at.Sentence]) : null;
                }

            case DateAsk.YearsSince or DateAsk.YearsBetween when !single:
                {
                    // "How many years did the soldiers help after the victory": when the two do not date apart, the
                    // question asks how long the first lasted.
                    if (Date(events[0], null) is not { } a || Date(events[1], null) is not { } b)
                    {
                        return question.DateAsk == DateAsk.YearsBetween ? Duration(question, ranked, events[0]) : null;
                    }

                    var (from, to) = a.Year <= b.Year ? (a, b) : (b, a);
                    var n = AsksWholeYears(question) ? Age(from, to) : to.Year - from.Year;
                    if (n > 0 && !AsksWholeYears(question) && Age(from, to) is var whole and > 0 && whole != n && from.IsFull && to.IsFull)
                    {
                        // Calendar years and whole years differ (July 1969 to April 2021): both, so that neither
                        // reading of "how many years after" meets a figure a year off without the other.
                        var start = On(from, from.Year).AddYears(whole);
                        var months = Enumerable.Range(1, 11).LastOrDefault(m => start.AddMonths(m) <= On(to, to.Year));
                        var length = months > 0 ? $"{Count(whole, "year")} and {Count(months, "month")}" : Count(whole, "year");
                        return new ComputedAnswer($"{length} ({n} in calendar years, {from.Year} to {to.Year}): from {from.Display} to {to.Display}.", [from.Sentence, to.Sentence]);
                    }

                    return n > 0 ? new ComputedAnswer($"{Count(n, "year")}: from {from.Display} to {to.Display}.", [from.Sentence, to.Sentence])
                        : question.DateAsk == DateAsk.YearsBetween ? Duration(question, ranked, events[0]) : null;
                }

            case DateAsk.YearsSince or DateAsk.YearsBetween:
                {
                    var target = phraseYear is null ? question.Year : null;
                    if (Date(target is null ? events[0] : Plain(events[0]), phraseYear is null && phraseOrdinal is null ? ranked : null) is not { } origin)
                    {
                        return null;
                    }

                    if (target is { } year)
                    {
                        // "How many years did the troops stay after 1979": an event dated in the year the question
                        // names is counted from it, so the question asks how long it lasted.
                        var n = Math.Abs(year - origin.Year);
                        return n > 0 ? new ComputedAnswer($"{Count(n, "year")}: from {origin.Display} to {year}.", [origin.Sentence]) : Duration(question, ranked, events[0]);
                    }

                    return SinceToday(question, origin, today);
                }

            case DateAsk.DaysBetween when !single:
                return DaysBetween(events);

            case DateAsk.Weekday:
                {
                    // The anniversary in a year the question names, by number, this year's when it asks "this year",
                    // the next one when it asks for the next ("next month", "the upcoming one"); otherwise the event's
                    // own day.
                    var thisYear = Phrase.In(question.Words, ["this", "year"]);
                    var upcoming = !thisYear && _words.Upcoming.Any(p => Phrase.In(question.Words, p));
                    var yearly = question.Ordinal is not null || question.Year is not null || thisYear || upcoming;
                    if ((yearly ? Date(Plain(events[0]), null, anniversary: true) : Date(events[0], ranked)) is not { IsFull: true } origin)
                    {
                        return null;
                    }

                    var year = question.Ordinal is { } nth ? origin.Year + nth
                        : question.Year ?? (upcoming && On(origin, today.Year) < today ? today.Year + 1 : thisYear || upcoming ? today.Year : origin.Year);
                    var day = On(origin, year);
                    var of = year == origin.Year ? "" : $" (the {Ordinal(year - origin.Year)} anniversary of {origin.Display})";
                    return new ComputedAnswer($"{day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}{of} {(day < today ? "fell" : "falls")} on {day.DayOfWeek}.", [origin.Sentence]);
                }

            case DateAsk.DaysUntil:
                {
                    // "Leap day 2040! how many days till the landing anniversary": a year not yet past is the one the
                    // anniversary falls in, not the event's.
                    if (Date(phraseYear >= today.Year ? Plain(events[0]) : events[0], null, anniversary: true) is not { IsFull: true } origin)
                    {
                        return null;
                    }

                    // "How many days until his 100th birthday": that anniversary, when it is still to come; otherwise the next.
                    var next = On(origin, today.Year);
                    if (question.Ordinal is { } nth && On(origin, origin.Year + nth) >= today)
                    {
                        next = On(origin, origin.Year + nth);
                    }
                    else if (next < today)
                    {
                        next = On(origin, today.Year + 1);
                    }

                    var days = next.DayNumber - today.DayNumber;
                    var ordinal = next.Year - origin.Year;
                    if (ordinal <= 0)
                    {
                        // The event is still to come: it has no anniversary yet.
                        return null;
                    }

                    return new ComputedAnswer($"{Count(days, "day")}: the {Ordinal(ordinal)} anniversary of {origin.Display} is on {next.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}.", [origin.Sentence]);
                }

            default:
                return null;
        }
    }

    /// <summary>"How many full years between A and B": whole years rather than calendar years.</summary>
    private bool AsksWholeYears(ReadQuestion question) => _words.Whole.Any(p => Phrase.In(question.Words, p));

    /// <summary>An age: whole years from a birth to a later day, a year fewer when both days are known and the later's
    /// comes earlier in its year (born August 5, 1930, on July 20, 1969 he was 38).</summary>
    private static int Age(EventDate from, EventDate to)
    {
        // Whole years: one less when the later date falls earlier in its year, as far as both dates say.
        var earlierInYear = from.IsFull && to.IsFull
            ? (to.Month!.Value, to.Day!.Value).CompareTo((from.Month!.Value, from.Day!.Value)) < 0
            : from.Month is { } fromMonth && to.Month is { } toMonth && toMonth < fromMonth;
        return to.Year - from.Year - (earlierInYear ? 1 : 0);
    }

    /// <summary>Years from today to the event's <paramref name="nth"/> anniversary, or since it when it has passed;
    /// calendar years, as an anniversary is named by its year.</summary>
    private static ComputedAnswer ToAnniversary(EventDate origin, int nth, DateOnly today)
    {
        var year = origin.Year + nth;
        var day = origin.IsFull ? On(origin, year).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture) : year.ToString(CultureInfo.InvariantCulture);
        var passed = origin.IsFull ? On(origin, year) < today : year < today.Year;
        var n = Math.Abs(year - today.Year);
        var what = $"the {Ordinal(nth)} anniversary of {origin.Display} {(passed ? "was" : "is")} {(origin.IsFull ? "on" : "in")} {day}";
        var line = n == 0 ? $"This year: {what}." : passed ? $"{Count(n, "year")} ago: {what}." : $"{Count(n, "year")}: {what}.";
        return new ComputedAnswer(line, [origin.Sentence]);
    }

    /// <summary>From the first event to the second: in days when both are dated to the day and less than a year apart,
    /// else in whole years.</summary>
    private ComputedAnswer? Lasted(IReadOnlyList<string> events)
    {
        if (Date(events[0], null) is not { } a || Date(events[1], null) is not { } b)
        {
            return null;
        }

        var (from, to) = a.Year < b.Year || (a.Year == b.Year && a.IsFull && b.IsFull && On(a, a.Year) <= On(b, b.Year)) ? (a, b) : (b, a);
        if (from.IsFull && to.IsFull && On(to, to.Year).DayNumber - On(from, from.Year).DayNumber is var days and > 0 and < 366)
        {
            return new ComputedAnswer($"{Count(days, "day")}: from {from.Display} to {to.Display}.", [from.Sentence, to.Sentence]);
        }

        var years = to.Year - from.Year;
        return years > 0 ? new ComputedAnswer($"{Count(years, "year")}: from {from.Display} to {to.Display}.", [from.Sentence, to.Sentence]) : null;
    }

    /// <summary>Days between the two events' full dates.</summary>
    private ComputedAnswer? DaysBetween(IReadOnlyList<string> events)
    {
        if (Date(events[0], null) is not { IsFull: true } a || Date(events[1], null) is not { IsFull: true } b)
        {
            return null;
        }

        // Dates years apart name a day that comes back every year ("how many days before Victory Day was the
        // meeting"): compare them within the later one's year.
        var later = a.Year >= b.Year ? a : b;
        var first = On(a, Math.Abs(a.Year - b.Year) > 1 ? later.Year : a.Year);
        var second = On(b, Math.Abs(a.Year - b.Year) > 1 ? later.Year : b.Year);
        var days = Math.Abs(second.DayNumber - first.DayNumber);
        return days > 0 ? new ComputedAnswer($"{Count(days, "day")}: from {a.Display} to {b.Display}.", [a.Sentence, b.Sentence]) : null;
    }

    /// <summary>"How many days ago was it": the days, when the question counts in days and the day is known (from
    /// this year's anniversary when it asks since this year's, once it has come); otherwise the years.</summary>
    private static ComputedAnswer SinceToday(ReadQuestion question, EventDate origin, DateOnly today)
    {
        if (!origin.IsFull || !Phrase.In(question.Words, ["days"]))
        {
            return SinceToday(origin, today);
        }

        var thisYears = (Phrase.In(question.Words, ["this", "year"]) || Phrase.In(question.Words, ["this", "years"])) && On(origin, today.Year) <= today;
        var from = thisYears ? origin with { Year = today.Year } : origin;
        var day = On(from, from.Year);
        var of = thisYears ? $" (the {Ordinal(today.Year - origin.Year)} anniversary of {origin.Display})" : "";
        return day <= today
            ? new ComputedAnswer($"{Count(today.DayNumber - day.DayNumber, "day")}: from {from.Display}{of} to today, {today.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}.", [origin.Sentence])
            : SinceToday(origin, today);
    }

    /// <summary>Whole years from the event to today; with the day known, the next anniversary too.</summary>
    private static ComputedAnswer SinceToday(EventDate origin, DateOnly today)
    {
        var todayText = today.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
        if (origin.Latest is { } latest && latest != origin.Year)
        {
            return new ComputedAnswer($"{today.Year - latest} to {Count(today.Year - origin.Year, "year")}: from {origin.Display} to today, {todayText}.", [origin.Sentence]);
        }

        if (!origin.IsFull)
        {
            // "August 2012": whole years once August has come round this year.
            var whole = today.Year - origin.Year - (origin.Month is { } month && today.Month < month ? 1 : 0);
            return new ComputedAnswer($"{Count(whole, "year")}: from {origin.Display} to today, {todayText}.", [origin.Sentence]);
        }

        var thisYear = On(origin, today.Year);
        var years = today.Year - origin.Year - (today < thisYear ? 1 : 0);
        var next = today < thisYear ? thisYear : On(origin, today.Year + 1);
        var upcoming = next == today ? " (the anniversary is today)" : $" (the {Ordinal(next.Year - origin.Year)} anniversary is on {next.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)})";
        return new ComputedAnswer($"{Count(years, "year")}: from {origin.Display} to today, {todayText}{upcoming}.", [origin.Sentence]);
    }

    /// <summary>How long something lasted: a stated duration near the question's words, else the length of a range
    /// of years, in the best-ranked sentences for the question or for the event it names (ranked as a date is, so
    /// that the sentence giving the range is found when the question's other words are common). A length the
    /// documents state is the answer whenever one is among those sentences: a range's length in whole years is off
    /// by up to a year ("1975-1979" for three years and eight months).</summary>
    /// <param name="span">The question asks which years (a range, "1975 to 1979"), not how long: stated lengths do not answer it.</param>
    private ComputedAnswer? Duration(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked, string phrase, bool span = false)
    {
        var near = Near(ContentStems(question.Focus));
        var named = ContentStems(phrase);
        var forPhrase = rankPhrase(phrase);
        (double Score, string Line, int Sentence)? stated = null, range = null;
        // Past the best few, a sentence counts only for a length it states and only when it names the whole event:
        // "the regime killed … in only three years, eight months and 20 days" ranks low for "the regime" among the
        // many sentences on the regime, yet states how long it lasted.
        var further = span || named.Count == 0 ? [] : forPhrase.Skip(Consider).Where(c => NamesAll(index.Words(c.Sentence).Stems, named));
        foreach (var (candidate, lengthOnly) in ranked.Take(Consider).Concat(forPhrase.Take(Consider)).Select(c => (c, false)).Concat(further.Select(c => (c, true))))
        {
            var sentence = candidate.Sentence;
            var text = index.Sentences[sentence].Text;
            foreach (var date in index.Evidence(sentence).Dates)
            {
                if (lengthOnly && date.Kind != DateKind.Duration)
                {
                    continue;
                }

                var line = date switch
                {
                    { Kind: DateKind.Duration } when span || MeasuresDistance(text, date) => null,
                    { Kind: DateKind.Duration } when Phrase.In(question.Words, ["months"]) && Extraction.WholeMonths(date.Text) is { } months => $"{Count(months, "month")} ({date.Text}).",
                    { Kind: DateKind.Duration } when Extraction.DecadesInYears(date.Text) is { } years => $"{Count(years, "year")} ({date.Text}).",
                    { Kind: DateKind.Duration } => $"{date.Text}.",
                    // "The 35th anniversary (January 7, 1979 – 2014)": the span an anniversary counts, not something that lasted.
                    { Kind: DateKind.YearRange, Year: { } start, EndYear: { } end } when end > start
                        && !text.Contains($"{Ordinal(end - start)} anniversar", StringComparison.OrdinalIgnoreCase) => span ? $"{start} to {end}." : $"{Count(end - start, "year")}: {start} to {end}.",
                    _ => null,
                };
                if (line is null)
                {
                    continue;
                }

                var score = Proximity(sentence, date, near, []) * candidate.Probability;
                ref var best = ref date.Kind == DateKind.Duration ? ref stated : ref range;
                if (score > (best?.Score ?? 0))
                {
                    best = (score, line, sentence);
                }
            }
        }

        return (stated ?? range) is { } found ? new ComputedAnswer(char.ToUpperInvariant(found.Line[0]) + found.Line[1..], [found.Sentence]) : null;
    }

    /// <summary>A stated duration followed by a word that makes it the distance between two moments ("four decades
    /// after", "35 years ago", "to the day"): it says when, not how long something lasted.</summary>
    private bool MeasuresDistance(string text, DateMention duration)
    {
        var after = AnsweringVocabulary.Words(text[(duration.Start + duration.Length)..]);
        return _words.Distance.Any(p => p.Length <= after.Length && p.AsSpan().SequenceEqual(after.AsSpan(0, p.Length)));
    }

    /// <summary>The date of the event a phrase names: among the sentences that best match the phrase (or
    /// <paramref name="ranked"/>, the whole question's, when given), the date nearest the phrase's words in the
    /// best-ranked sentence; a year the phrase names must match; an anniversary the phrase names by number is dated
    /// by the report of it.</summary>
    /// <param name="anniversary">The question counts anniversaries of the event: an anniversary's origin counts most.</param>
    /// <param name="founding">Only a date in a sentence that says something began ("founded", "born") will do.</param>
    private EventDate? Date(string phrase, IReadOnlyList<ScoredCandidate>? ranked, bool anniversary = false, bool founding = false)
    {
        var (year, ordinal) = YearAndOrdinal(phrase);
        var stems = ContentStems(phrase);
        if (ranked is null && AnsweringVocabulary.Words(phrase).All(w => vocabulary.StopWords.Contains(w) || _words.GenericWords.Contains(w)) && year is null && ordinal is null)
        {
            return anniversary ? _mostMarked.Value : null;
        }

        // "jan 7": an event named by its day is whatever the documents date on that day (month names are read
        // capitalised, as the documents write them).
        var dayNamed = Extraction.Dates(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(phrase), null).FirstOrDefault(d => d is { Month: not null, Day: not null });
        // A founding is searched for with the words that say something began, so that a sentence naming the thing
        // by one word ("the Front's establishment") is among the candidates.
        ranked ??= rankPhrase(founding ? $"{phrase} {_beginnings}" : phrase);
        var wantsEnd = _endStems.Any(p => Phrase.In(stems, p));
        var wantsStart = !wantsEnd && _startStems.Any(p => Phrase.In(stems, p));
        var life = _lifeStems.Any(p => Phrase.In(stems, p));
        // A birth is dated by a sentence that says someone was born, a death by one that says someone died or was
        // killed (whether the one asked about is the one killed is for HappenedToOthers).
        string[][] lifeWords = life ? [.. _lifeStems.Where(p => (wantsEnd ? _endStems : _startStems).Any(q => q.SequenceEqual(p))), .. wantsEnd ? _causedStems : []] : [];
        // A report's dateline dates a start or an end only when its sentence says something started or ended ("when
        // did they get kicked out of the city" is not dated by "City, January 7, 2024 – In a ceremony in the city…").
        var rangeKind = wantsEnd ? _endStems : wantsStart ? _startStems : [];

        // "When did the trial start": a date is placed by the words that say what started, not by "start", whose
        // synonyms ("establishment") stand beside the dates of other beginnings.
        var rangeStems = _startStems.Concat(_endStems).Where(p => Phrase.In(stems, p)).SelectMany(p => p).ToHashSet(StringComparer.Ordinal);
        var identity = stems.Where(w => !rangeStems.Contains(w)).ToList();

        // What a sentence must hold to date the event, worked out once for all its candidate sentences: a word naming
        // it (or a synonym), and its start or end word in a form that does not make it happen to another.
        string[][][] identityWordForms = [.. identity.Select(w => new[] { new[] { w } }.Concat(vocabulary.Alternatives.GetValueOrDefault(w) ?? []).ToArray())];
        string[][] identityForms = [.. identityWordForms.SelectMany(f => f)];
        var eventForms = EventFormsOf([.. rangeStems]);
        var numberedNames = stems.Zip(stems.Skip(1), (name, number) => (Name: name, Number: number))
            .Where(p => !char.IsDigit(p.Name[0]) && char.IsDigit(p.Number[0]) && YearOf(p.Number) is null && OrdinalOf(p.Number) is null).ToList();
        var (placing, attached) = identity.Count > 0 ? (Near(identity), Near(stems.Where(rangeStems.Contains).ToList())) : (Near(stems), []);
        (double Score, EventDate Date)? best = null;
        var fullDates = new List<(double Score, EventDate Date)>();
        // A founding is looked for in every candidate: few sentences say something began.
        for (var r = 0; r < Math.Min(founding ? ranked.Count : Consider, ranked.Count); r++)
        {
            var sentence = ranked[r].Sentence;
            var document = index.DocumentOf(sentence);
            var text = index.Sentences[sentence].Text;
            var weight = 1.0 / (1 + r);
            if (founding && !Founds(index.Words(sentence).Stems, stems))
            {
                continue;
            }

            // "The 45th anniversary ceremony" is not dated by a sentence about the 35th.
            if (ordinal is { } asked && OtherAnniversary(text, asked))
            {
                continue;
            }

            // "When did X die" is not dated by "X's regime killed three million": there others died.
            var sentenceStems = index.Words(sentence).Stems;
            if (eventForms is { } forms && HappenedToOthers(sentenceStems, forms, identity))
            {
                continue;
            }

            // "What year was the court set up" is not dated by a sentence naming no word of the court, in itself or
            // in the title of its article ("The mission began on July 16, 1969" in an article about Apollo 11), nor
            // by one naming another of the same name and number ("the Apollo 1 fire").
            var documentAt = index.DocumentIndexOf(sentence);
            if ((identityForms.Length > 0 && !identityForms.Any(f => Phrase.In(sentenceStems, f) || TitleHolds(documentAt, f)))
                || numberedNames.Any(p => NamesAnother(sentenceStems, p.Name, p.Number)))
            {
                continue;
            }

            var dates = index.Evidence(sentence).Dates;
            // A sentence naming more of the event dates it before one that stands a single word of it nearer a date
            // ("lifted off … in Florida" before "died at his home in Florida" for "the liftoff in Florida").
            var namedShare = identityForms.Length == 0 || dates.Count == 0 ? 1.0
                : identityWordForms.Count(forms => forms.Any(f => Phrase.In(sentenceStems, f) || TitleHolds(documentAt, f))) / (double)identityWordForms.Length;
            // "When was the museum in Wapakoneta founded" is not dated by "Born on August 5, 1930, in Wapakoneta":
            // a sentence that says someone was born or died dates a life, not another start or end it does not name.
            var datesOtherLife = !life && rangeStems.Count > 0 && dates.Count > 0 && _lifeStems.Any(p => Phrase.In(sentenceStems, p)) && !SaysWithSynonym(sentenceStems, rangeStems);
            foreach (var stated in dates)
            {
                var mention = OnWeekday(stated, document) ?? stated;

                // "When did Pol Pot die" is not dated by "the regime ruled from 1975 to 1979", nor by a sentence on the
                // day his regime fell: a span of years dates a life only in brackets beside a name, and any other date
                // only in a sentence that says someone was born or died.
                if (life && (mention.Kind == DateKind.YearRange ? !Bracketed(text, mention) : !lifeWords.Any(p => Phrase.In(sentenceStems, p))))
                {
                    continue;
                }

                if (datesOtherLife)
                {
                    continue;
                }

                if (!life && rangeKind.Length > 0 && InDateline(text, mention) && !rangeKind.Any(p => Phrase.In(sentenceStems, p)) && !SaysWithSynonym(sentenceStems, rangeStems))
                {
                    continue;
                }

                if (Candidate(mention, ordinal, wantsStart, wantsEnd, sentence) is not var (date, detail) || (year is { } y && date.Year != y)
                    || (dayNamed is not null && (date.Month != dayNamed.Month || date.Day != dayNamed.Day)))
                {
                    continue;
                }

                // "The 47th anniversary of victory day" is not the 47th anniversary of the Front's establishment.
                if (ordinal is not null && mention.Kind == DateKind.AnniversaryOrigin && !NamesEvent(text, mention, identity))
                {
                    continue;
                }

                // A report's own date, and a day of the week in it, is when it was written, rarely the event it
                // recalls, and never what an anniversary is counted from.
                var onWeekday = mention != stated;
                var ownDate = document.Date is { } d && date.IsFull && d == $"{date.Year:0000}-{date.Month:00}-{date.Day:00}" && year is null;
                if ((ownDate || onWeekday) && anniversary)
                {
                    continue;
                }

                // A dateline ("Riverton, May 3, 2024 – …", "2026-01-07 PHNOM PENH – …") dates the report, whatever
                // the document says its own date is: it stands nearest the place, not the event. A day of the week
                // dates the report's news, as rarely the older event the question may name in the same sentence.
                var reportDate = InDateline(text, mention) || onWeekday ? DatelineWeight : ownDate ? 0.5 : 1;
                var score = weight * detail * (1 + namedShare) * Proximity(sentence, mention, placing, attached) * reportDate * (anniversary && mention.Kind == DateKind.AnniversaryOrigin && NamesEvent(text, mention, stems) ? 1.5 : 1);

                // "Died on Saturday" gives the day of the year another sentence names ("died in 2012").
                if (date.IsFull && (!ownDate || onWeekday))
                {
                    fullDates.Add((score, date));
                }

                if (score > (best?.Score ?? 0))
                {
                    best = (score, date);
                }
            }

            // "The nation observes the 45th anniversary …" with no date: the report's own date is the anniversary's.
            if (ordinal is { } n && text.Contains($"{Ordinal(n)} anniversar", StringComparison.OrdinalIgnoreCase) && ReportDate(document, sentence) is { } reported
                && (year is null || reported.Year == year) && weight * 0.9 > (best?.Score ?? 0))
            {
                best = (weight * 0.9, reported);
            }
        }

        // The anniversary the documents mark most is what an anniversary question most likely counts from, unless
        // the best sentences for its words date something else clearly.
        if (anniversary && year is null && ordinal is null && _mostMarked.Value is { } marked && (best?.Score ?? 0) < MostMarkedPrior)
        {
            best = (MostMarkedPrior, marked);
        }

        if (best is null && year is { } named && ranked.Count > 0)
        {
            return new EventDate(named, null, null, ranked[0].Sentence);
        }

        // "35 years ago" gives the year; another of the best sentences often gives the day of that year, else the day
        // of that year the documents name most.
        if (best is { Date: { IsFull: false, Month: null, Latest: null } yearOnly })
        {
            if (fullDates.Where(f => f.Date.Year == yearOnly.Year).OrderByDescending(f => f.Score).FirstOrDefault() is { Date: { } day })
            {
                return yearOnly with { Month = day.Month, Day = day.Day };
            }

            if (_dayOfYear.Value.TryGetValue(yearOnly.Year, out var usual))
            {
                return yearOnly with { Month = usual.Month, Day = usual.Day };
            }
        }

        if (best is null && _mostMarked.Value is { } main)
        {
            // "The 40th anniversary reunion" no report dates, or "jan 7" no sentence near the words names: the
            // anniversary the documents mark most, when it is the one the phrase names.
            // A birthday by number ("his 100th birthday") is not an anniversary of what the documents mark.
            if (ordinal is { } nth && dayNamed is null && year is null && !life)
            {
                return main with { Year = main.Year + nth };
            }

            if (dayNamed is not null && main.Month == dayNamed.Month && main.Day == dayNamed.Day && ordinal is null)
            {
                return main;
            }
        }

        return best?.Date;
    }

    /// <summary>The forms of an event's start or end words ("die"): those that say it happened to the subject
    /// ("died", "death") and those that make it happen to another ("killed"); null when the event is itself such a
    /// word ("when was X killed") or names none.</summary>
    private EventForms? EventFormsOf(List<string> events)
    {
        if (events.Count == 0 || events.Any(e => _causedStems.Any(c => c.Length == 1 && c[0] == e)))
        {
            return null;
        }

        var alternatives = events.SelectMany(e => vocabulary.Alternatives.GetValueOrDefault(e) ?? []).ToList();
        return new EventForms(
            [.. events.Select(e => new[] { e }).Concat(alternatives.Where(a => !_causedStems.Any(c => c.SequenceEqual(a))))],
            [.. _causedStems.Where(c => alternatives.Any(a => a.SequenceEqual(c)))]);
    }

    private sealed record EventForms(string[][] Own, string[][] Caused);

    /// <summary>Whether the sentence gives the phrase's event ("die") only by a word that makes it happen to another
    /// ("killed"), with none of the phrase's other words after that word, where the one it happened to stands.</summary>
    private static bool HappenedToOthers(string[] sentence, EventForms forms, List<string> identity)
    {
        if (forms.Own.Any(p => Phrase.In(sentence, p)))
        {
            return false;
        }

        foreach (var caused in forms.Caused)
        {
            if (Phrase.IndexIn(sentence, caused) is var at and >= 0)
            {
                var after = sentence.Skip(at + caused.Length).Take(CausedObjectReach);
                return !identity.Any(after.Contains);
            }
        }

        return false;
    }

    /// <summary>How far after "killed" the one it happened to is looked for.</summary>
    private const int CausedObjectReach = 6;

    /// <summary>Whether a sentence says the thing the phrase names began: a start word ("founded", "born",
    /// "establishment") with one of the phrase's words just before it ("the Front's establishment", "Armstrong was
    /// born"), just after its "of" ("the founding of the club"), or anywhere after it when it opens the sentence ("Born
    /// in 1930, Armstrong …"); "founded by X" makes X the founder, not the founded.</summary>
    private bool Founds(string[] sentence, List<string> stems)
    {
        var near = Near(stems);
        foreach (var start in _startStems)
        {
            for (var i = 0; i + start.Length <= sentence.Length; i++)
            {
                if (!sentence.AsSpan(i, start.Length).SequenceEqual(start))
                {
                    continue;
                }

                // "Born on August 5, 1930, in Wapakoneta, Armstrong …": an opening start word is the subject's.
                var before = sentence.AsSpan(Math.Max(0, i - FoundingReach), Math.Min(i, FoundingReach));
                var after = i == 0 ? sentence.AsSpan(start.Length)
                    : i + start.Length < sentence.Length && sentence[i + start.Length] == "of"
                    ? sentence.AsSpan(i + start.Length + 1, Math.Min(FoundingReach, sentence.Length - i - start.Length - 1))
                    : [];
                foreach (var word in before)
                {
                    if (near.Contains(word))
                    {
                        return true;
                    }
                }

                foreach (var word in after)
                {
                    if (near.Contains(word))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>How many words from a start word the thing that began may stand.</summary>
    private const int FoundingReach = 3;

    /// <summary>Whether an anniversary mention is of the event the phrase names: one of the phrase's words stands in
    /// what follows "anniversary" ("the 47th anniversary of the Front's establishment"), or the phrase names nothing
    /// but the anniversary.</summary>
    private bool NamesEvent(string text, DateMention mention, List<string> stems)
    {
        if (stems.Count == 0)
        {
            return true;
        }

        var at = text.IndexOf("anniversar", mention.Start, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return false;
        }

        var near = Near(stems);
        var after = text.AsSpan(at, Math.Min(AnniversaryObjectReach, text.Length - at)).ToString();
        return AnsweringVocabulary.Words(after).Any(w => near.Contains(Stemmer.Stem(w)));
    }

    /// <summary>How far after "anniversary" the words that say whose anniversary it is may stand.</summary>
    private const int AnniversaryObjectReach = 60;

    /// <summary>"Died on Saturday" in a report dated Saturday, August 25, 2012: the day of that week the report was
    /// written in (the latest such day on or before the report's date); null for any other mention or an undated report.</summary>
    private static DateMention? OnWeekday(DateMention mention, StoredDocument document)
    {
        if (mention.Kind != DateKind.Weekday || !DateOnly.TryParseExact(document.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var reported)
            || !Enum.TryParse<DayOfWeek>(mention.Text, ignoreCase: true, out var weekday))
        {
            return null;
        }

        var day = reported.AddDays(-(((int)reported.DayOfWeek - (int)weekday + 7) % 7));
        return mention with { Kind = DateKind.FullDate, Year = day.Year, Month = day.Month, Day = day.Day };
    }

    /// <summary>The sentence names an anniversary by number, and not the one asked about.</summary>
    private static bool OtherAnniversary(string text, int asked)
    {
        var named = NumberedAnniversary().Matches(text).Select(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
        return named.Count > 0 && !named.Contains(asked);
    }

    [GeneratedRegex(@"\b(?<n>\d{1,3})(?:st|nd|rd|th)\s+anniversar", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedAnniversary();

    /// <summary>How much a report's own date or a dateline's counts as an event's date, against 1 for any other.</summary>
    private const double DatelineWeight = 0.25;

    /// <summary>A full date among a sentence's first words with a dash soon after it and no sentence break between:
    /// the report's dateline.</summary>
    private static bool InDateline(string text, DateMention mention)
    {
        if (mention.Kind != DateKind.FullDate || mention.Start > DatelineReach)
        {
            return false;
        }

        var end = mention.Start + mention.Length;
        var after = text.AsSpan(end, Math.Min(DatelineReach, text.Length - end));
        var dash = after.IndexOfAny("–—");
        var hyphen = after.IndexOf(" - ", StringComparison.Ordinal);
        var at = dash < 0 ? hyphen : hyphen < 0 ? dash : Math.Min(dash, hyphen);
        return at >= 0 && after[..at].IndexOfAny(".;:") < 0;
    }

    /// <summary>How far into a sentence a dateline's date may start, and how far after it its dash may stand.</summary>
    private const int DatelineReach = 40;

    /// <summary>The date a mention gives for the event, and how precisely (a full date counts most).</summary>
    private static (EventDate Date, double Detail)? Candidate(DateMention mention, int? ordinal, bool wantsStart, bool wantsEnd, int sentence)
    {
        switch (mention)
        {
            case { Kind: DateKind.AnniversaryOrigin, Year: { } origin }:
                {
                    // The phrase names this anniversary: the event is the anniversary, not its origin.
                    var n = ordinal is { } o && mention.Text.Contains(Ordinal(o), StringComparison.OrdinalIgnoreCase) ? o : 0;
                    return (new EventDate(origin + n, mention.Month, mention.Day, sentence), mention.Month is null ? 0.8 : 1.0);
                }

            case { Kind: DateKind.FullDate or DateKind.MonthDay, Year: { } y, Month: { } m, Day: { } d }:
                return (new EventDate(y, m, d, sentence), ordinal is null ? 1.0 : 0.3);
            case { Kind: DateKind.MonthYear, Year: { } y, Month: { } m }:
                return (new EventDate(y, m, null, sentence), ordinal is null ? 0.9 : 0.3);
            case { Kind: DateKind.Year or DateKind.RelativeYear, Year: { } y }:
                return (new EventDate(y, null, null, sentence), ordinal is null ? 0.8 : 0.3);
            case { Kind: DateKind.Decade, Year: { } first, EndYear: { } last }:
                return (new EventDate(first, null, null, sentence) { Latest = last, Around = mention.Text.StartsWith("the ", StringComparison.OrdinalIgnoreCase) ? mention.Text : $"the {mention.Text}" }, ordinal is null ? 0.6 : 0.2);
            case { Kind: DateKind.YearRange, Year: { } start, EndYear: { } end }:
                return (new EventDate(wantsEnd ? end : start, null, null, sentence), (wantsStart || wantsEnd ? 0.85 : 0.6) * (ordinal is null ? 1 : 0.3));
            default:
                return null;
        }
    }

    private static EventDate? ReportDate(StoredDocument document, int sentence) =>
        DateOnly.TryParseExact(document.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new EventDate(date.Year, date.Month, date.Day, sentence)
            : document.Year is { } year ? new EventDate(year, null, null, sentence) : null;

    /// <summary>1 when one of the phrase's words stands next to the date, less the further the nearest stands; an
    /// attached word ("died", "start") counts only within a few words of one of the others ("the
    /// old ferryman died on Wednesday", not "the Front's establishment on December 2" for the trial's start).</summary>
    /// <param name="near">The phrase's words with their synonyms (<see cref="Near"/>), worked out once per phrase.</param>
    /// <param name="attachedNear">The range words with their synonyms, or an empty set.</param>
    private double Proximity(int sentence, DateMention mention, HashSet<string> near, HashSet<string> attachedNear)
    {
        var sentenceWords = index.Words(sentence);
        var holds = Enumerable.Range(0, sentenceWords.Stems.Length).Where(i => near.Contains(sentenceWords.Stems[i])).ToList();
        var nearest = int.MaxValue;
        for (var i = 0; i < sentenceWords.Stems.Length; i++)
        {
            if (near.Contains(sentenceWords.Stems[i]) || (attachedNear.Contains(sentenceWords.Stems[i]) && holds.Any(h => Math.Abs(h - i) <= AttachReach)))
            {
                var at = sentenceWords.Tokens[i].Start;
                var distance = at < mention.Start ? mention.Start - at : Math.Max(0, at - (mention.Start + mention.Length));
                nearest = Math.Min(nearest, distance);
            }
        }

        return nearest == int.MaxValue ? 0.3 : 1.0 / (1 + nearest / 40.0);
    }

    /// <summary>How many words from what the phrase names its verb may stand ("the old ferryman of Riverton died").</summary>
    private const int AttachReach = 5;

    /// <summary>The stems and the one-word synonyms of each ("leave" stands near "withdrew" too).</summary>
    private HashSet<string> Near(IReadOnlyList<string> stems)
    {
        var near = new HashSet<string>(stems, StringComparer.Ordinal);
        foreach (var stem in stems)
        {
            if (vocabulary.Alternatives.TryGetValue(stem, out var alternatives))
            {
                near.UnionWith(alternatives.Where(a => a.Length == 1).Select(a => a[0]));
            }
        }

        return near;
    }

    private static string[][] ContentPhrases(string[][] phrases, System.Collections.Frozen.FrozenSet<string> stopWords) =>
        [.. phrases.Select(p => p.Where(w => !stopWords.Contains(w)).Select(Stemmer.Stem).ToArray()).Where(p => p.Length > 0)];

    /// <summary>The stems of a phrase's words that name something: not stop words, nor the generic words a date
    /// question asks with ("anniversary", "years"), which stand near every date and tell none apart.</summary>
    private List<string> ContentStems(string phrase) =>
        [.. AnsweringVocabulary.Words(phrase).Where(w => !vocabulary.StopWords.Contains(w) && !_genericStems.Contains(Stemmer.Stem(w))).Select(Spelt)];

    /// <summary>The generic words' stems: "turned" names no more of an event than "turn" does.</summary>
    private readonly HashSet<string> _genericStems = [.. vocabulary.DateEvents.GenericWords.Select(Stemmer.Stem)];

    /// <summary>A word's stem, or that of the corpus word it misspells ("armstong"), as the candidate search reads it:
    /// an event is dated only by sentences that name it.</summary>
    private string Spelt(string word)
    {
        var stem = Stemmer.Stem(word);
        return index.Term(stem) >= 0 || vocabulary.Alternatives.ContainsKey(stem) || index.Correct(word) is not { } corrected ? stem : Stemmer.Stem(corrected);
    }

    private static bool Bracketed(string text, DateMention mention) =>
        text[..mention.Start].TrimEnd().EndsWith('(') && text[(mention.Start + mention.Length)..].TrimStart().StartsWith(')');

    /// <summary>The sentence holds one of the stems or one of its synonyms.</summary>
    private bool SaysWithSynonym(string[] sentence, HashSet<string> stems) => stems.Any(stem => Holds(sentence, stem));

    /// <summary>The sentence holds every one of the stems, each as itself or as one of its synonyms.</summary>
    private bool NamesAll(string[] sentence, List<string> stems) => stems.All(stem => Holds(sentence, stem));

    private bool Holds(string[] sentence, string stem) =>
        sentence.Contains(stem) || (vocabulary.Alternatives.GetValueOrDefault(stem) ?? []).Any(f => Phrase.In(sentence, f));

    /// <summary>The sentence names <paramref name="name"/> with a number other than <paramref name="number"/>.</summary>
    private static bool NamesAnother(string[] sentence, string name, string number)
    {
        for (var i = 0; i + 1 < sentence.Length; i++)
        {
            if (sentence[i] == name && char.IsDigit(sentence[i + 1][0]) && sentence[i + 1] != number)
            {
                return true;
            }
        }

        return false;
    }

    private bool TitleHolds(int document, string[] stems) =>
        stems.Select(index.Term).ToArray() is var terms && terms.All(t => t >= 0) && index.TitleHasAll(document, terms);

    /// <summary>The moment an age is asked at is no birth: "it's his birthday today - how old was he when he flew"
    /// carries the first clause into the second event, whose birth word would have it dated as a life's start.</summary>
    private string WithoutBirth(string phrase) =>
        string.Join(' ', AnsweringVocabulary.Words(phrase).Where(w => !_birthStems.Contains(Spelt(w))));

    /// <summary>The phrase without the years and ordinals it names (what the computation takes from the question).</summary>
    private static string Plain(string phrase) =>
        string.Join(' ', AnsweringVocabulary.Words(phrase).Where(w => YearOf(w) is null && OrdinalOf(w) is null));

    private static (int? Year, int? Ordinal) YearAndOrdinal(string phrase)
    {
        var phraseWords = AnsweringVocabulary.Words(phrase);
        return (phraseWords.Select(YearOf).LastOrDefault(y => y is not null), phraseWords.Select(OrdinalOf).LastOrDefault(o => o is not null));
    }

    private static int? YearOf(string word) =>
        word.Length == 4 && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1000 and < 2200 ? year : null;

    private static int? OrdinalOf(string word) =>
        word.Length > 2 && char.IsAsciiDigit(word[0]) && word[^2..] is "st" or "nd" or "rd" or "th"
        && int.TryParse(word[..^2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 1000 ? n : null;

    private static DateOnly On(EventDate date, int year) =>
        new(year, date.Month!.Value, Math.Min(date.Day!.Value, DateTime.DaysInMonth(year, date.Month.Value)));

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    public static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
