using Bot.Core.Messaging;
using Bot.Telegram.Formatting;
using Shouldly;

namespace Bot.Telegram.Tests;

public sealed class FormattingTests
{
    [Fact]
    public void Every_piece_of_text_is_escaped()
    {
        var message = new OutgoingMessage("a < b & c > d") { Title = "<b>", Footer = "</i>", Citations = [new Citation("d", "T&C <x>", "2024-01-07", "VNA", "\"quoted\" </blockquote>")] };

        var html = TelegramHtml.Render(message).ShouldHaveSingleItem();

        html.ShouldBe("<b>&lt;b&gt;</b>\na &lt; b &amp; c &gt; d\n\n<blockquote>&quot;quoted&quot; &lt;/blockquote&gt;</blockquote>\n" +
            "<i>— T&amp;C &lt;x&gt; (VNA, 2024-01-07)</i>\n\n<i>&lt;/i&gt;</i>");
    }

    [Fact]
    public void A_long_quote_is_split_into_well_formed_parts()
    {
        var quote = string.Join(" ", Enumerable.Range(1, 300).Select(i => $"Quoted sentence {i} & more."));
        var parts = TelegramHtml.Render(new OutgoingMessage("Intro.") { Citations = [new Citation("d", "Doc", null, null, quote)] }, 1000);

        parts.Count.ShouldBeGreaterThan(5);
        parts.ShouldAllBe(p => p.Length <= 1000);
        parts.Skip(1).SkipLast(1).ShouldAllBe(p => p.StartsWith("<blockquote>") && p.EndsWith(".</blockquote>"));
    }

    [Fact]
    public void A_sentence_longer_than_a_message_is_cut_at_words_then_characters()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 50)) + new string('x', 300);

        var parts = TelegramHtml.Render(new OutgoingMessage(text), 100);

        parts.ShouldAllBe(p => p.Length <= 100);
        string.Concat(parts.Select(p => p.Replace(" ", "", StringComparison.Ordinal))).ShouldBe(text.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Khmer_sentences_end_at_the_khan()
    {
        TelegramHtml.Sentences("ថ្ងៃទី៧ មករា។ ឆ្នាំ១៩៧៩។").ShouldBe(["ថ្ងៃទី៧ មករា។ ", "ឆ្នាំ១៩៧៩។"]);
    }

    [Fact]
    public void Long_command_lines_get_a_short_callback_key()
    {
        var keyboards = new InlineKeyboards();
        var longLine = "/timezone " + new string('A', 70);

        var key = keyboards.Encode(longLine);

        key.ShouldStartWith("#");
        keyboards.Decode(key).ShouldBe(longLine);
        keyboards.Encode("/time 07:00").ShouldBe("/time 07:00");
        keyboards.Decode("#999999").ShouldBeNull();
    }
}
