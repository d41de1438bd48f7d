using System.Globalization;
using System.Text;

namespace Bot.Core.Facts;

/// <summary>A word of a text: its folded surface form (lower case, diacritics removed) and where it stands.</summary>
public readonly record struct Token(string Word, int Start, int Length);

/// <summary>Folding and tokenizing shared by ingestion and questions, so that both sides see the same words.</summary>
public static class Text
{
    /// <summary>Lower case without diacritics ("Việt Nam" → "viet nam"), curly quotes straightened.</summary>
    public static string Fold(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                '’' or '‘' or 'ʼ' => '\'',
                _ => char.ToLowerInvariant(c),
            });
        }

        return folded.ToString();
    }

    /// <summary>Words of letters and digits. Hyphens split words ("Vietnam-Cambodia"); thousands separators and
    /// decimal points inside numbers do not ("10,000" → "10000", "4.8"); a possessive "'s" is dropped.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;

        // One buffer for every token: tokenizing runs per question and per candidate sentence.
        var word = new StringBuilder();
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            word.Clear();
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                {
                    // ASCII is lowered here so that folding the token finds nothing to change and copies nothing.
                    word.Append(char.IsAscii(c) ? char.ToLowerInvariant(c) : c);
                    i++;
                }
                else if ((c == ',' || c == '.') && i + 1 < text.Length && char.IsDigit(text[i + 1]) && word.Length > 0 && char.IsDigit(word[^1]))
                {
                    if (c == '.')
                    {
                        word.Append('.');
                    }

                    i++;
                }
                else if ((c == '\'' || c == '’') && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    var rest = i + 2 < text.Length ? text[i + 2] : ' ';
                    if (char.ToLowerInvariant(text[i + 1]) == 's' && !char.IsLetter(rest))
                    {
                        i += 2;
                        break;
                    }

                    word.Append('\'');
                    i++;
                }
                else
                {
                    break;
                }
            }

            var folded = Fold(word.ToString());
            if (folded.Length > 0)
            {
                tokens.Add(new Token(folded, start, i - start));
            }
        }

        return tokens;
    }

    /// <summary>Collapses runs of white space into one space and trims.</summary>
    public static string Squeeze(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
