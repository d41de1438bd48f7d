using System.Collections.Frozen;

namespace Bot.Core.Facts;

/// <summary>A light suffix stripper for English. It only has to be consistent: the documents and the questions go
/// through the same rules, so "ruled", "rules" and "ruling" meet at "rul", "liberated" and "liberation" at "liberat".</summary>
public static class Stemmer
{
    public static string Stem(string word)
    {
        if (Irregular.TryGetValue(word, out var regular))
        {
            word = regular;
        }

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

    /// <summary>Irregular verb forms, so that "brought" meets "bring" and "gave" meets "give".</summary>
    private static readonly FrozenDictionary<string, string> Irregular = new Dictionary<string, string>
    {
        ["brought"] = "bring", ["gave"] = "give", ["given"] = "give", ["held"] = "hold", ["won"] = "win", ["fought"] = "fight",
        ["began"] = "begin", ["begun"] = "begin", ["came"] = "come", ["went"] = "go", ["gone"] = "go", ["saw"] = "see",
        ["seen"] = "see", ["made"] = "make", ["sent"] = "send", ["stood"] = "stand", ["kept"] = "keep", ["led"] = "lead",
        ["took"] = "take", ["taken"] = "take", ["fell"] = "fall", ["fallen"] = "fall", ["built"] = "build", ["wrote"] = "write",
        ["written"] = "write", ["ran"] = "run", ["told"] = "tell", ["thought"] = "think", ["paid"] = "pay", ["lost"] = "lose",
        ["met"] = "meet", ["spoke"] = "speak", ["spoken"] = "speak", ["chose"] = "choose", ["chosen"] = "choose",
        ["drove"] = "drive", ["driven"] = "drive", ["grew"] = "grow", ["grown"] = "grow", ["knew"] = "know", ["known"] = "know",
        ["felt"] = "feel", ["freed"] = "free", ["fled"] = "flee", ["hid"] = "hide", ["beaten"] = "beat", ["struck"] = "strike",
    }.ToFrozenDictionary(StringComparer.Ordinal);

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
