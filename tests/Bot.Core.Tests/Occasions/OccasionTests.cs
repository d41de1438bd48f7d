using Bot.Core.Facts;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using NodaTime;
using Shouldly;

namespace Bot.Core.Tests.Occasions;

public sealed class OccasionTests
{
    private static readonly Occasion VictoryDay = new("jan7", 1, 7, 1979, "Victory Day, the fall of the Khmer Rouge regime",
        "Phnom Penh was liberated and the Pol Pot regime overthrown. We remember the victims.", "January 7 1979 victory");

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(48, "48th")]
    [InlineData(101, "101st")]
    [InlineData(111, "111th")]
    [InlineData(112, "112th")]
    public void Ordinals_are_english(int n, string expected) => Ordinals.English(n).ShouldBe(expected);

    [Fact]
    public void January_7_2027_is_the_48th_anniversary()
    {
        var anniversary = Anniversary.In(VictoryDay, 2027)!;
        anniversary.Date.ShouldBe(new LocalDate(2027, 1, 7));
        anniversary.Years.ShouldBe(48);
        anniversary.Ordinal.ShouldBe("48th");
        anniversary.IsMilestone.ShouldBeFalse();
    }

    [Theory]
    [InlineData(25, true)]
    [InlineData(40, true)]
    [InlineData(50, true)]
    [InlineData(75, true)]
    [InlineData(10, true)]
    [InlineData(48, false)]
    [InlineData(45, false)]
    [InlineData(1, false)]
    public void Milestones_are_round_anniversaries(int years, bool milestone) => Milestones.IsMilestone(years).ShouldBe(milestone);

    [Fact]
    public void No_anniversary_in_or_before_the_original_year() => Anniversary.In(VictoryDay, 1979).ShouldBeNull();

    [Theory]
    [InlineData(2027, 2, 28)]
    [InlineData(2028, 2, 29)]
    [InlineData(2100, 2, 28)]
    [InlineData(2000, 2, 29)]
    public void February_29_is_observed_on_February_28_in_common_years(int year, int month, int day)
    {
        var leap = new Occasion("leap", 2, 29, 1996, "A leap-day event", "Something happened.");
        Anniversary.In(leap, year)!.Date.ShouldBe(new LocalDate(year, month, day));
    }

    [Fact]
    public void Default_post_is_commemorative_names_the_ordinal_and_carries_citations()
    {
        var facts = new[] { new Citation("000.txt", "45th Anniversary of January 7 Victory Day", "2024-01-07", null, "The pivotal moment came on January 7, 1979.") };
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, facts);

        message.Title.ShouldBe("January 7: Victory Day, the fall of the Khmer Rouge regime");
        message.Text.ShouldContain("48th anniversary");
        message.Text.ShouldContain("On this day in 1979");
        message.Text.ShouldNotContain("Happy", Case.Insensitive);
        message.Text.ShouldNotContain("🎉");
        message.Citations.Count.ShouldBe(1);
    }

    [Fact]
    public void A_milestone_is_marked()
    {
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2029)!, []);
        message.Text.ShouldContain("50th anniversary, 50 years on");
    }

    [Fact]
    public void Test_posts_are_marked()
    {
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, [], new PostStyle(IsTest: true));
        message.Title!.ShouldStartWith("[Test]");
        message.Text.ShouldContain("January 7, 2027 marks the 48th anniversary");
        message.Footer!.ShouldContain("test");
    }

    [Fact]
    public void Template_fills_every_placeholder()
    {
        var facts = new[] { new Citation("000.txt", "Doc", "2024-01-07", "VNA", "A fact.") };
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, facts,
            new PostStyle("{title}: the {ordinal} ({years} years) since {date}.\n{facts}\n{sources}"));
        message.Text.ShouldBe("Victory Day, the fall of the Khmer Rouge regime: the 48th (48 years) since January 7, 1979.\n• A fact. — Doc (VNA, 2024-01-07)\nDoc (VNA, 2024-01-07)");
    }

    [Fact]
    public void Unknown_placeholder_is_refused_with_the_valid_list()
    {
        var error = PostTemplate.Validate("Remember {name} today")!;
        error.ShouldContain("Unknown placeholder {name}");
        error.ShouldContain("{title}, {ordinal}, {years}, {date}, {facts}, {sources}");
    }

    [Fact]
    public void Templates_cannot_mention_everyone_and_documents_cannot_either()
    {
        PostTemplate.Validate("@everyone {title}")!.ShouldContain("@everyone");
        var facts = new[] { new Citation("x.txt", "Doc", null, null, "Hello @everyone and @here.") };
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, facts);
        message.Citations[0].Quote.ShouldNotContain("@everyone");
        message.Citations[0].Quote.ShouldNotContain("@here");
    }

    [Fact]
    public void Facts_rotate_by_year_and_never_exceed_three()
    {
        var candidates = Enumerable.Range(0, 5).Select(i => new Citation($"{i}.txt", "Doc", null, null, $"Fact {i}.")).ToList();
        var y2027 = OccasionFacts.Rotate(candidates, 2027);
        var y2028 = OccasionFacts.Rotate(candidates, 2028);
        y2027.Count.ShouldBe(3);
        y2028.Count.ShouldBe(3);
        y2027.Select(c => c.Quote).ShouldNotBe(y2028.Select(c => c.Quote));
        OccasionFacts.Rotate(candidates, 2027).ShouldBe(y2027);
        OccasionFacts.Rotate(candidates.Take(1).ToList(), 2027).Count.ShouldBe(1);
        OccasionFacts.Rotate([], 2027).ShouldBeEmpty();
    }

    [Fact]
    public async Task Facts_come_from_the_catalog_with_their_sources()
    {
        var facts = new OccasionFacts(new SmallCatalog());
        var candidates = await facts.CandidatesAsync(VictoryDay, CancellationToken.None);
        candidates.ShouldNotBeEmpty();
        candidates.ShouldAllBe(c => c.Title.Length > 0 && c.DocumentId.Length > 0);
        candidates.ShouldContain(c => c.Quote.Contains("January 7, 1979", StringComparison.Ordinal));
    }

    [Fact]
    public void Derived_occasions_cover_dated_days_and_curated_wins_on_the_same_day()
    {
        var dated = new[]
        {
            new DatedFact("000.txt", "Doc A", "2024-01-07", null, "Phnom Penh, January 7, 2024 – a ceremony was held.", 2024, 1, 7),
            new DatedFact("004.txt", "Doc B", null, "VNA", "On June 27, 2011, the trial of Khmer Rouge leaders opened.", 2011, 6, 27),
            new DatedFact("004.txt", "Doc B", null, "VNA", "On September 17, 2022, durian was shipped.", 2022, 9, 17),
            new DatedFact("002.txt", "Doc C", null, "VNA", "A ceremony on December 2, 2025 marked the Front's founding.", 2025, 12, 2),
        };
        var curated = new[] { VictoryDay, new Occasion("dec2", 12, 2, 1978, "Founding of the Front", "The Front was founded.") };

        var all = OccasionCatalog.Merge(curated, dated);

        all.Select(o => o.Id).ShouldBe(["jan7", "dec2", "d-0627", "d-0917"]);
        all.Single(o => o.Id == "d-0627").ShouldSatisfyAllConditions(
            o => o.Curated.ShouldBeFalse(),
            o => o.OriginalYear.ShouldBe(2011),
            o => o.Sources.Single().DocumentId.ShouldBe("004.txt"));
    }

    /// <summary>A few sentences of config/corpus, as the fact store would give them.</summary>
    private sealed class SmallCatalog : IFactCatalog
    {
        public Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DatedFact>>(
            [
                new("000_d5bddc18ff68e3dd.txt", "45th Anniversary of January 7 Victory Day", "2024-01-07", null,
                    "The pivotal moment came on January 7, 1979, when Vietnamese volunteer troops, in collaboration with Cambodian resistance fighters, liberated Phnom Penh from the Khmer Rouge's grip.", 1979, 1, 7),
            ]);

        public Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Passage>>(
            [
                new("Together with the armed forces and people of Cambodia as well as the support of international friends, the Vietnamese army overthrew the genocidal regime on January 7, 1979.",
                    "001_03715e5a50887541.txt", "Victory over genocidal regime", "2014-01-05", "VNA", 1),
            ]);
    }
}
