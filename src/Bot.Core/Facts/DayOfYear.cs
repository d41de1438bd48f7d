using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Facts;

/// <summary>A day of the year as typed on the command line: "01-07", or "1979-01-07" (the year checks the date,
/// e.g. February 29, but facts of that day are found in any year).</summary>
public sealed partial record DayOfYear(int Month, int Day)
{
    public const string Forms = "Use MM-DD or YYYY-MM-DD, for example 01-07 or 1979-01-07.";

    /// <summary>The day, or one line naming what was wrong and the accepted forms.</summary>
    public static (DayOfYear? Day, string? Error) Parse(string? text)
    {
        var input = (text ?? "").Trim();
        var match = Pattern().Match(input);
        if (!match.Success)
        {
            return (null, $"'{SubscriptionValidation.Shorten(input)}' is not a date. {Forms}");
        }

        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return (null, $"'{input}' is not a date: the month must be 01 to 12. {Forms}");
        }

        var year = match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (year is 0)
        {
            return (null, $"'{input}' is not a date: the year must be 0001 or later. {Forms}");
        }

        // Without a year, February 29 is a day of the year (it comes in leap years); with one, the year decides.
        var days = DateTime.DaysInMonth(year ?? 2000, month);
        if (day < 1 || day > days)
        {
            var monthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
            var of = year is null ? monthName : $"{monthName} {year.Value.ToString(CultureInfo.InvariantCulture)}";
            return (null, $"'{input}' is not a date: {of} has {days} days. {Forms}");
        }

        return (new DayOfYear(month, day), null);
    }

    public override string ToString() =>
        new DateOnly(2000, Month, Day).ToString("MMMM d", CultureInfo.InvariantCulture);

    // [0-9], not \d: other scripts' digits would pass \d and fail int.Parse.
    [GeneratedRegex(@"^(?:(?<year>[0-9]{4})-)?(?<month>[0-9]{2})-(?<day>[0-9]{2})$")]
    private static partial Regex Pattern();
}
