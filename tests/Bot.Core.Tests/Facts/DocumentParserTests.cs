using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class DocumentParserTests
{
    [Theory]
    [InlineData("000", "45th Anniversary of January 7 Victory Day: Cambodia Commemorates the End of the Khmer Rouge Regime")]
    [InlineData("003", "Victory over Pol Pot regime represents justice, Vietnam-Cambodia friendship")]
    [InlineData("004", "Vietnam, Cambodia commemorate victory over genocidal regime")]
    public void Headline_becomes_the_title(string document, string title) =>
        Corpus.Document(document).Title.ShouldBe(title);

    [Fact]
    public void Document_without_headline_is_titled_from_its_first_sentence_without_the_dateline()
    {
        var title = Corpus.Document("002").Title;
        title.ShouldStartWith("Cambodia’s January 7 Victory");
        title.ShouldEndWith("…");
    }

    [Theory]
    [InlineData("000", "2024-01-07")]
    [InlineData("002", "2026-01-07")]
    [InlineData("001", "2014")]
    [InlineData("003", "2014")]
    [InlineData("004", "2014")]
    public void Date_comes_from_the_dateline_or_from_the_ordinal_anniversary(string document, string date) =>
        Corpus.Document(document).Date.ShouldBe(date);

    [Theory]
    [InlineData("001", "VNA")]
    [InlineData("002", "VNA/VNS")]
    [InlineData("003", "VOV")]
    [InlineData("004", "VNA/VNP")]
    public void Source_agency_comes_from_the_credits(string document, string source) =>
        Corpus.Document(document).Source.ShouldBe(source);

    [Theory]
    [InlineData("000", "Senate President Allocates")]
    [InlineData("000", "Related News")]
    [InlineData("003", "ảnh")]
    [InlineData("003", "(Photo:")]
    [InlineData("001", "(Source: VNA)")]
    [InlineData("004", "return icon")]
    [InlineData("004", "rabies")]
    [InlineData("004", "durian")]
    [InlineData("004", "sea turtles")]
    [InlineData("004", "Marrero")]
    [InlineData("004", "Source: VNA/VNP")]
    public void Page_noise_is_not_in_the_body(string document, string noise) =>
        Corpus.Document(document).Body.ShouldNotContain(noise, Case.Insensitive);

    [Fact]
    public void Unrelated_news_after_the_closing_credit_is_kept_apart_as_noise() =>
        Corpus.Document("004").Noise.ShouldContain("40 deaths by rabies");

    [Theory]
    [InlineData("004", "The Khmer Rouge soldiers beat the heads of the innocent Cambodian people using a hoe.")]
    [InlineData("004", "About 10,000 Cambodian people attend the ceremony in Phnom Penh.")]
    [InlineData("001", "The Pol Pot genocidal regime killed nearly 3 million Cambodians from 1975-1979.")]
    public void Captions_that_state_facts_stay(string document, string sentence) =>
        Corpus.Document(document).Sentences.Select(s => s.Text).ShouldContain(sentence);

    [Fact]
    public void Short_section_headings_are_not_sentences() =>
        Corpus.Document("000").Sentences.ShouldNotContain(s => s.Text.StartsWith("Liberation and Hope", StringComparison.Ordinal));

    [Fact]
    public void Sentence_offsets_point_into_the_body()
    {
        foreach (var document in Corpus.Documents)
        {
            foreach (var sentence in document.Sentences)
            {
                document.Body.Substring(sentence.Start, sentence.Text.Length).ShouldBe(sentence.Text);
            }
        }
    }

    [Fact]
    public void Lines_broken_inside_a_paragraph_are_joined_into_one_sentence() =>
        Corpus.Document("001").Sentences.ShouldContain(s => s.Text.Contains("An Giang province (Vietnam) were brutally killed by the Khmer Rouge", StringComparison.Ordinal));

    [Theory]
    [InlineData("Posted: 08/25/2012 07:14 PM EDT", "2012-08-25")]
    [InlineData("Published: May 3, 2024", "2024-05-03")]
    [InlineData("Updated 25/08/2012", "2012-08-25")]
    public void A_posted_or_published_line_dates_the_document_and_is_not_a_sentence(string stamp, string date)
    {
        var document = DocumentParser.Parse(new DocumentText("a.txt", $"Bridge closes for repairs\n\n{stamp}\n\nRIVERTON (Reuters) - The old bridge closed on Saturday for repairs that should last until 1990.\n"));
        document.Date.ShouldBe(date);
        document.Sentences.ShouldNotContain(s => s.Text.Contains(stamp, StringComparison.Ordinal));
    }

    [Fact]
    public void Html_documents_are_read_as_text()
    {
        var html = "<html><head><style>p{}</style></head><body><nav>Home | News | Sport | World</nav><h1>A victory remembered</h1>"
            + "<p>Phnom Penh, January 7, 2024 – The ceremony was held at dawn.</p><p>About 10,000 people attended.</p></body></html>";
        var document = DocumentParser.Parse(new DocumentText("a.html", MarkupText.FromHtml(html)));
        document.Title.ShouldBe("A victory remembered");
        document.Date.ShouldBe("2024-01-07");
        document.Sentences.Select(s => s.Text).ShouldBe(["Phnom Penh, January 7, 2024 – The ceremony was held at dawn.", "About 10,000 people attended."]);
    }
}
