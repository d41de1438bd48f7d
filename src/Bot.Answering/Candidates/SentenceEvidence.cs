using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Candidates;

/// <summary>What a sentence could answer with: its dates, numbers, capitalized names (folded words, not the first
/// word of the sentence) and their stems, whether it gives a reason and whether it reads as a photo caption or credit.</summary>
public sealed record SentenceEvidence(
    IReadOnlyList<DateMention> Dates,
    IReadOnlyList<Quantity> Quantities,
    IReadOnlyList<string> Numbers,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> NameStems,
    bool GivesReason,
    bool LooksLikeCaption)
{
    public static SentenceEvidence Read(string sentence, int? documentYear, AnsweringVocabulary vocabulary)
    {
        var tokens = Text.Tokenize(sentence);
        var numbers = tokens.Where(t => char.IsDigit(t.Word[0])).Select(t => t.Word).ToList();
        var quantities = Extraction.Quantities(sentence);
        numbers.AddRange(quantities.Select(q => q.Text));
        var names = new List<string>();
        for (var i = 1; i < tokens.Count; i++)
        {
            var first = sentence[tokens[i].Start];
            if (char.IsUpper(first) && !vocabulary.StopWords.Contains(tokens[i].Word))
            {
                names.Add(tokens[i].Word);
            }
        }

        var stems = tokens.Select(t => Stemmer.Stem(t.Word)).ToList();
        var reason = vocabulary.ReasonCues.Any(cue => Phrase.In(stems, cue));
        var caption = vocabulary.CaptionCues.Any(cue => Phrase.In(stems, cue));
        return new SentenceEvidence(Extraction.Dates(sentence, documentYear), quantities, numbers, names, [.. names.Select(Stemmer.Stem)], reason, caption);
    }
}
