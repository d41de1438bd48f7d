using Bot.Core.Facts;

namespace Bot.Storage.Facts;

/// <summary>Builds FTS5 MATCH expressions from any user text. Only words of letters and digits reach the query,
/// each as a quoted string joined by OR, so operators, quotes, NEAR(, *, ^ and column filters in the input are
/// just text and the expression can never be a syntax error.</summary>
public static class FtsQuery
{
    private const int MaxTerms = 24;

    /// <summary>English function words: matching them finds everything and ranks nothing.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "is", "are",
        "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "it", "its", "this", "that", "what",
        "which", "who", "when", "where", "why", "how",
    };

    /// <summary>The expression, or null when the text has no searchable word.</summary>
    public static string? Build(string text)
    {
        var words = Text.Tokenize(text.Length > 4000 ? text[..4000] : text)
            .Select(t => t.Word.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal))
            .Where(w => w.Length > 0 && !StopWords.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTerms)
            .Select(w => "\"" + w + "\"")
            .ToList();
        return words.Count == 0 ? null : string.Join(" OR ", words);
    }
}
