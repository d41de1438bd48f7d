using System.Collections.Frozen;

namespace Bot.Core.Facts;

/// <summary>Splits a paragraph into sentences at ., ! or ? followed by space and a capital, digit or quote, but
/// never after an abbreviation ("Lt. Gen.", "No. 7", "Dr."), an initial ("H. Sen") or inside a number ("$4.8").</summary>
public static class SentenceSplitter
{
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.ToFrozenSet(
    [
        "lt", "gen", "col", "maj", "capt", "cpt", "sgt", "adm", "brig", "cmdr", "mr", "mrs", "ms", "dr", "prof", "rev", "st",
        "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "gov", "sen", "rep", "pres", "mt", "ft",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.n",
        "approx", "est", "fig", "vol", "pp", "ca", "al",
    ]);

    /// <summary>The sentences as (offset in the paragraph, text) pairs, trimmed.</summary>
    public static IReadOnlyList<(int Start, string Text)> Split(string paragraph)
    {
        var sentences = new List<(int, string)>();
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '"' or '”' or '’' or '\'' or ')')
            {
                end++;
            }

            if (end >= paragraph.Length || !char.IsWhiteSpace(paragraph[end]))
            {
                continue;
            }

            var next = end;
            while (next < paragraph.Length && char.IsWhiteSpace(paragraph[next]))
            {
                next++;
            }

            if (next >= paragraph.Length)
            {
                continue;
            }

            var following = paragraph[next];
            if (!(char.IsUpper(following) || char.IsDigit(following) || following is '"' or '“' or '‘' or '(' or '$'))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(paragraph, i, following))
            {
                continue;
            }

            Add(sentences, paragraph, start, end);
            start = next;
            i = next - 1;
        }

        Add(sentences, paragraph, start, paragraph.Length);
        return sentences;
    }

    private static void Add(List<(int, string)> sentences, string paragraph, int start, int end)
    {
        var text = paragraph[start..end];
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add((start + text.IndexOf(trimmed[0], StringComparison.Ordinal), trimmed));
        }
    }

    private static bool IsAbbreviation(string paragraph, int dot, char following)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(paragraph[wordStart - 1]) || paragraph[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = paragraph[wordStart..dot];
        if (word.Length == 0)
        {
            return false;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }

        var folded = word.ToLowerInvariant();
        return Abbreviations.Contains(folded) && (folded != "no" || char.IsDigit(following));
    }
}
