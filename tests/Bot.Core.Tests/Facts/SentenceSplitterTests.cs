using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("The Senate President allocated $4.8 million to hospitals. Soldiers' families received part of it.", "The Senate President allocated $4.8 million to hospitals.")]
    [InlineData("Lt. Gen. Pham Van Dy spoke at the event. He praised the friendship.", "Lt. Gen. Pham Van Dy spoke at the event.")]
    [InlineData("The decree No. 7 was signed in 1979. It took effect at once.", "The decree No. 7 was signed in 1979.")]
    [InlineData("Mr. Sam and Dr. Chea met in Phnom Penh. They talked.", "Mr. Sam and Dr. Chea met in Phnom Penh.")]
    [InlineData("H. Sen addressed the crowd on Jan. 7 of that year. It was cold.", "H. Sen addressed the crowd on Jan. 7 of that year.")]
    public void Abbreviations_initials_and_numbers_do_not_end_a_sentence(string paragraph, string first)
    {
        var sentences = SentenceSplitter.Split(paragraph);
        sentences.Count.ShouldBe(2);
        sentences[0].Text.ShouldBe(first);
    }

    [Fact]
    public void Quoted_speech_ends_with_its_closing_quote()
    {
        var sentences = SentenceSplitter.Split("He said: “This is an opportunity.” The crowd cheered.");
        sentences.Select(s => s.Text).ShouldBe(["He said: “This is an opportunity.”", "The crowd cheered."]);
    }

    [Fact]
    public void Offsets_locate_each_sentence_in_the_paragraph()
    {
        const string paragraph = "First one.  Second one! Third?";
        foreach (var (start, text) in SentenceSplitter.Split(paragraph))
        {
            paragraph.Substring(start, text.Length).ShouldBe(text);
        }
    }
}
