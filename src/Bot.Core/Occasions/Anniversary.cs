using System.Globalization;
using NodaTime;

namespace Bot.Core.Occasions;

/// <summary>One year's anniversary of an occasion: the local date it is observed on and which anniversary it is
/// (<see cref="Years"/> 0 when the occasion's year is not known).</summary>
public sealed record Anniversary(Occasion Occasion, LocalDate Date, int Years)
{
    /// <summary>"48th"; empty when the year of the occasion is not known.</summary>
    public string Ordinal => Years > 0 ? Ordinals.English(Years) : "";

    public bool IsMilestone => Milestones.IsMilestone(Years);

    /// <summary>The anniversary of <paramref name="occasion"/> in <paramref name="year"/>, or null when the year
    /// is not after the original year (nothing to commemorate yet). February 29 is observed on February 28 in
    /// common years. An occasion without a known year is observed every year, without an ordinal.</summary>
    public static Anniversary? In(Occasion occasion, int year)
    {
        if (!occasion.YearKnown)
        {
            return new Anniversary(occasion, ObservedDate(occasion.Month, occasion.Day, year), 0);
        }

        var years = year - occasion.OriginalYear;
        if (years < 1)
        {
            return null;
        }

        return new Anniversary(occasion, ObservedDate(occasion.Month, occasion.Day, year), years);
    }

    /// <summary>The date a month/day is observed on in <paramref name="year"/>: Feb 29 → Feb 28 in common years.</summary>
    public static LocalDate ObservedDate(int month, int day, int year) =>
        month == 2 && day == 29 && !CalendarSystem.Iso.IsLeapYear(year) ? new LocalDate(year, 2, 28) : new LocalDate(year, month, day);

    /// <summary>"January 7, 2027".</summary>
    public string DateText => $"{Occasion.MonthNames[Date.Month - 1]} {Date.Day.ToString(CultureInfo.InvariantCulture)}, {Date.Year.ToString(CultureInfo.InvariantCulture)}";
}

public static class Ordinals
{
    /// <summary>1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 48th, 101st, 111th.</summary>
    public static string English(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}

public static class Milestones
{
    /// <summary>Round anniversaries: the 10th, 20th, 25th, 30th, 40th, 50th, 60th, 70th, 75th… (every tenth year and
    /// every quarter century).</summary>
    public static bool IsMilestone(int years) => years > 0 && (years % 10 == 0 || years % 25 == 0);
}
