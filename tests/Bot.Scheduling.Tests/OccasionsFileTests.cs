using Bot.Core.Occasions;
using Shouldly;

namespace Bot.Scheduling.Tests;

public sealed class OccasionsFileTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }

    [Fact]
    public void The_shipped_file_starts_with_victory_day_and_holds_the_documents_dated_events()
    {
        var occasions = OccasionsFile.Load(RepoFile("config/occasions.yaml")).Occasions;

        var first = occasions[0];
        (first.Id, first.Month, first.Day, first.OriginalYear).ShouldBe(("jan7", 1, 7, 1979));
        first.Summary.ShouldContain("Pol Pot");
        occasions.Select(o => (o.Month, o.Day, o.OriginalYear)).ShouldBe([(1, 7, 1979), (12, 2, 1978), (1, 5, 2014), (6, 27, 2011)]);
        occasions.ShouldAllBe(o => !string.IsNullOrWhiteSpace(o.FactQuery));
        Anniversary.In(first, 2027)!.Ordinal.ShouldBe("48th");
    }

    [Fact]
    public void The_shipped_file_makes_january_7_primary_and_only_offers_the_2014_commemoration()
    {
        var occasions = OccasionsFile.Load(RepoFile("config/occasions.yaml")).Occasions;

        occasions.Where(o => o.Primary).Select(o => (o.Month, o.Day)).ShouldBe([(1, 7), (12, 2)]);
        occasions.Single(o => o.Month == 1 && o.Day == 5).Primary.ShouldBeFalse();
    }

    [Theory]
    [InlineData("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n    title: T\n    primary: maybe\n", "line 7: primary is true or false (is 'maybe')")]
    [InlineData("occasions:\n  - id: x\n    month: 13\n    day: 1\n    year: 1979\n    title: T\n", "line 3: month must be a whole number from 1 to 12")]
    [InlineData("occasions:\n  - id: x\n    month: 2\n    day: 30\n    year: 1979\n    title: T\n", "line 4: 2/30 is not a date")]
    [InlineData("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n", "line 2: 'title' is required")]
    [InlineData("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n    title: T\n    colour: red\n", "line 7: unknown key 'colour'")]
    [InlineData("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n    title: T\n    template: \"{when}\"\n", "line 7: Unknown placeholder {when}")]
    [InlineData("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n    title: T\n  - id: x\n    month: 1\n    day: 8\n    year: 1979\n    title: U\n", "line 7: the id 'x' is used twice")]
    [InlineData("occasions:\n  - id: x\n    month: [1\n", "line 4: While parsing a flow sequence")]
    [InlineData("nothing: here\n", "line 1: expected a top-level 'occasions:' list")]
    public void A_malformed_file_names_the_line_and_what_is_valid(string yaml, string expected)
    {
        var error = Should.Throw<OccasionsFileException>(() => OccasionsFile.Parse(yaml, "occasions.yaml"));
        error.Message.ShouldStartWith("occasions.yaml, line");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Facts_may_name_documents()
    {
        var occasions = OccasionsFile.Parse("occasions:\n  - id: x\n    month: 1\n    day: 7\n    year: 1979\n    title: T\n    facts:\n      query: q\n      documents: [a.txt, b.txt]\n").Occasions;
        occasions[0].Documents.ShouldBe(["a.txt", "b.txt"]);
        occasions[0].FactQuery.ShouldBe("q");
    }
}
