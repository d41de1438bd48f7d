using System.Text.RegularExpressions;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Shouldly;

namespace Bot.Core.Tests.Occasions;

/// <summary>Each fact appears once, with its citation, whichever template shapes the post.</summary>
public sealed class PostTemplateTests
{
    private static readonly Occasion VictoryDay = new("jan7", 1, 7, 1979, "Victory Day", "Phnom Penh was liberated.");

    private static readonly Citation[] Facts =
    [
        new("000.txt", "45th Anniversary of Victory Day", "2024-01-07", "AKP", "The capital was liberated on January 7, 1979."),
        new("001.txt", "Liberation remembered", "2019-01-07", null, "Survivors returned to their villages."),
    ];

    private static string Rendered(string? template) =>
        PlainText.Render(PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, Facts, new PostStyle(template)));

    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    [Theory]
    [InlineData(null)]
    [InlineData("{title}: the {ordinal} anniversary.\n{facts}")]
    [InlineData("{facts}\nSources: {sources}")]
    [InlineData("{title} ({date}), {years} years.")]
    public void Every_template_shows_each_fact_once(string? template)
    {
        var text = Rendered(template);
        foreach (var fact in Facts)
        {
            Count(text, fact.Quote).ShouldBeLessThanOrEqualTo(1, text);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{title}: the {ordinal} anniversary.\n{facts}")]
    public void Default_and_facts_templates_show_each_fact_with_its_citation_exactly_once(string? template)
    {
        var text = Rendered(template);
        foreach (var fact in Facts)
        {
            Count(text, fact.Quote).ShouldBe(1, text);
            Count(text, PlainText.Describe(fact)).ShouldBe(1, text);
        }
    }

    [Fact]
    public void Facts_placeholder_puts_each_citation_beside_its_fact()
    {
        var text = Rendered("{facts}");
        text.ShouldContain("• The capital was liberated on January 7, 1979. — 45th Anniversary of Victory Day (AKP, 2024-01-07)");
        text.ShouldContain("• Survivors returned to their villages. — Liberation remembered (2019-01-07)");
    }

    [Fact]
    public void A_template_placing_the_facts_carries_no_second_copy_as_attached_citations()
    {
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, Facts, new PostStyle("{facts}"));
        message.Citations.ShouldBeEmpty();
    }

    [Fact]
    public void A_template_without_facts_keeps_them_as_citations()
    {
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, Facts, new PostStyle("{title}, {ordinal} anniversary."));
        message.Citations.Count.ShouldBe(2);
    }

    [Fact]
    public void The_same_sentence_from_two_documents_is_one_fact()
    {
        Citation[] twice = [Facts[0], Facts[0] with { DocumentId = "002.txt", Title = "A reprint" }];
        var message = PostRenderer.Render(Anniversary.In(VictoryDay, 2027)!, twice);
        message.Citations.ShouldHaveSingleItem();
    }
}
