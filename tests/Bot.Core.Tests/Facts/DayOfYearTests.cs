using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class DayOfYearTests
{
    [Theory]
    [InlineData("01-07", 1, 7)]
    [InlineData("1979-01-07", 1, 7)]
    [InlineData("02-29", 2, 29)]
    [InlineData("2024-02-29", 2, 29)]
    [InlineData("12-31", 12, 31)]
    public void Month_day_with_or_without_a_year_parses(string text, int month, int day) =>
        DayOfYear.Parse(text).Day.ShouldBe(new DayOfYear(month, day));

    [Theory]
    [InlineData("02-30", "February has 29 days")]
    [InlineData("2025-02-29", "February 2025 has 28 days")]
    [InlineData("13-01", "the month must be 01 to 12")]
    [InlineData("04-31", "April has 30 days")]
    [InlineData("00-10", "the month must be 01 to 12")]
    [InlineData("01-00", "January has 31 days")]
    [InlineData("1-7", "is not a date")]
    [InlineData("01/07", "is not a date")]
    [InlineData("tomorrow", "is not a date")]
    public void A_bad_date_names_the_fault_and_the_forms(string text, string fault)
    {
        var (day, error) = DayOfYear.Parse(text);
        day.ShouldBeNull();
        error!.ShouldContain(fault);
        error.ShouldEndWith(DayOfYear.Forms);
    }
}
