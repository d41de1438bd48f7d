using Shouldly;

namespace Bot.Host.Tests.BadInput;

/// <summary>The bad-input suites are only as strict as their checker: it must flag what a platform would refuse or a
/// client would misuse.</summary>
public sealed class WellFormedTests
{
    [Theory]
    [InlineData("<b>48th</b> anniversary &amp; <i>— source</i>")]
    [InlineData("<a href=\"https://example.org/a?b=1&amp;c=2\">link</a>")]
    [InlineData("<a href=\"tg://user?id=42\">someone</a>")]
    [InlineData("<blockquote expandable>quoted</blockquote>")]
    public void Telegram_html_that_telegram_accepts_has_no_problem(string html) =>
        WellFormed.TelegramHtml(html).ShouldBeEmpty();

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JavaScript:alert(1)\">x</a>")]
    [InlineData("<a href=\"javascript&#58;alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html,hi\">x</a>")]
    [InlineData("<a href=\"/relative\">x</a>")]
    [InlineData("<b href=\"https://example.org\">x</b>")]
    [InlineData("<i expandable>x</i>")]
    [InlineData("<script>x</script>")]
    [InlineData("<b>x</i>")]
    [InlineData("<b>x")]
    [InlineData("a < b")]
    [InlineData("fish & chips")]
    public void Telegram_html_with_a_bad_link_tag_or_escape_has_a_problem(string html) =>
        WellFormed.TelegramHtml(html).ShouldNotBeEmpty();
}
