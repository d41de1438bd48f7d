using Bot.Core.Facts;

namespace Bot.Storage.Facts;

/// <summary>Builds FTS5 MATCH expressions from any user text. Only words of letters and digits reach the query,
/// each as a quoted string joined by OR, so operators, quotes, NEAR(, *, ^ and column filters in the input are
/// just text and the expression can never be a syntax error.</summary>
public static class FtsQuery
{
    private const int MaxTerms = 24;

    /// <summary>The expression, or null when the text has no searchable word.</summary>
    public static string? Build(string text)
    {
        var words = Text.Tokenize(text.Length > 4000 ? text[..4000] : text)
            .Select(t => t.Word.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal))
            .Where(w => w.Length > 0 && !Lexicon.StopWords.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTerms)
            .Select(w => "\"" + w + "\"")
            .ToList();
        return words.Count == 0 ? null : string.Join(" OR ", words);
    }
}
