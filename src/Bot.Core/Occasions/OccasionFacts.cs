using Bot.Core.Facts;
using Bot.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Occasions;

/// <summary>The cited facts a post about an occasion may carry, and which of them a given year shows.</summary>
public sealed class OccasionFacts(IFactCatalog? facts, ILogger<OccasionFacts>? log = null)
{
    /// <summary>A post carries at most this many facts.</summary>
    public const int PerPost = 3;

    /// <summary>Longest quote a post carries; longer sentences are cut at a word.</summary>
    public const int MaxQuoteLength = 400;

    private const int MaxCandidates = 9;

    private readonly ILogger _log = log ?? NullLogger<OccasionFacts>.Instance;

    /// <summary>Every fact a post about <paramref name="occasion"/> may use, in a stable order: the sentences naming
    /// the occasion's date (curated: its original year; derived: any year), then the best search hits for the
    /// occasion's fact query.</summary>
    public async Task<IReadOnlyList<Citation>> CandidatesAsync(Occasion occasion, CancellationToken cancellationToken)
    {
        if (facts is null)
        {
            return [];
        }

        var found = new List<Citation>();
        try
        {
            // A chat's own occasion shares its day with unrelated events: only its title finds its facts.
            var dated = occasion.Own ? [] : await facts.DatedFactsAsync(cancellationToken);
            found.AddRange(dated
                .Where(f => f.Month == occasion.Month && f.Day == occasion.Day && (!occasion.Curated || f.Year == occasion.OriginalYear))
                .OrderBy(f => f.DocumentId, StringComparer.Ordinal).ThenBy(f => f.Sentence, StringComparer.Ordinal)
                .Select(f => new Citation(f.DocumentId, f.DocumentTitle, f.DocumentDate, f.Source, f.Sentence)));
            if (!string.IsNullOrWhiteSpace(occasion.FactQuery))
            {
                var hits = await facts.SearchAsync(occasion.FactQuery, MaxCandidates, cancellationToken);
                found.AddRange(hits
                    .Where(p => !occasion.Own || Names(occasion.FactQuery, p.Text))
                    .Select(p => new Citation(p.DocumentId, p.Title, p.Date, p.Source, p.Text)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning(ex, "Facts for occasion {Occasion} could not be read; the post goes out without them", occasion.Id);
            return [];
        }

        return [.. found
            .Where(c => occasion.Documents.Count == 0 || occasion.Documents.Contains(c.DocumentId, StringComparer.OrdinalIgnoreCase))
            .Select(c => c with { Quote = Shorten(Normalize(c.Quote)) })
            .Where(c => c.Quote.Length > 0)
            .DistinctBy(c => c.Quote.ToUpperInvariant())
            .Take(MaxCandidates)];
    }

    /// <summary>Up to <see cref="PerPost"/> facts for <paramref name="year"/>: a window over the candidates that
    /// moves every year, so a channel does not get the same facts each year.</summary>
    public static IReadOnlyList<Citation> Rotate(IReadOnlyList<Citation> candidates, int year)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var take = Math.Min(PerPost, candidates.Count);
        var start = (int)((long)year * take % candidates.Count);
        return [.. Enumerable.Range(0, take).Select(i => candidates[(start + i) % candidates.Count])];
    }

    /// <summary>Whether a sentence carries every word of a chat's title (stemmed, words of four letters or more):
    /// the search ranks any sentence sharing one word, and a post for "Founding of our server" must not quote the
    /// founding of a front.</summary>
    public static bool Names(string title, string sentence)
    {
        var wanted = Text.Tokenize(Text.Fold(title)).Select(t => t.Word).Where(w => w.Length >= 4).Select(Stemmer.Stem).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return false;
        }

        var words = Text.Tokenize(Text.Fold(sentence)).Select(t => Stemmer.Stem(t.Word)).ToHashSet(StringComparer.Ordinal);
        return wanted.All(words.Contains);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string text)
    {
        if (text.Length <= MaxQuoteLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxQuoteLength - 1);
        return (cut > MaxQuoteLength / 2 ? text[..cut] : text[..(MaxQuoteLength - 1)]) + "…";
    }
}
