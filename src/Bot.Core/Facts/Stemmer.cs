namespace Bot.Core.Facts;

/// <summary>A light suffix stripper for English. It only has to be consistent: the documents and the questions go
/// through the same rules, so "ruled", "rules" and "ruling" meet at "rul", "liberated" and "liberation" at "liberat".</summary>
public static class Stemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[0]) || word.Any(char.IsDigit))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal) && w.Length > 3)
        {
            w = w[..^1];
        }

        foreach (var (suffix, replacement) in Suffixes)
        {
            if (w.EndsWith(suffix, StringComparison.Ordinal) && w.Length - suffix.Length >= 3 && HasVowel(w.AsSpan(0, w.Length - suffix.Length)))
            {
                w = w[..^suffix.Length] + replacement;
                if (suffix is "ed" or "ing" && w.Length >= 4 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z'))
                {
                    w = w[..^1];
                }

                break;
            }
        }

        if (w.EndsWith('e') && w.Length >= 4)
        {
            w = w[..^1];
        }

        if (w.EndsWith('y') && w.Length >= 4 && !IsVowel(w[^2]))
        {
            w = w[..^1] + "i";
        }

        return w;
    }

    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("ational", "ate"), ("ization", "ize"), ("ation", "ate"), ("ition", "ite"), ("ution", "ute"),
        ("fulness", ""), ("iveness", "ive"), ("ousness", "ous"), ("ement", ""), ("ment", ""), ("ness", ""),
        ("ingly", ""), ("edly", ""), ("ally", "al"), ("ly", ""), ("ing", ""), ("eed", "ee"), ("ed", ""),
        ("ers", ""), ("er", ""), ("ful", ""), ("ion", ""),
    ];

    private static bool HasVowel(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsVowel(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
