using Bot.Core.Facts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Occasions;

/// <summary>All occasions the bot knows: the curated ones first, then one derived occasion per day named by a
/// day-precision dated fact that no curated occasion already covers.</summary>
public interface IOccasionCatalog
{
    Task<IReadOnlyList<Occasion>> AllAsync(CancellationToken cancellationToken);
}

/// <summary>The occasions read from config/occasions.yaml, in file order.</summary>
public sealed record CuratedOccasions(IReadOnlyList<Occasion> Occasions);

public sealed class OccasionCatalog(
    CuratedOccasions curated,
    IFactCatalog? facts,
    TimeProvider time,
    ILogger<OccasionCatalog>? log = null) : IOccasionCatalog, IDisposable
{
    /// <summary>Derived occasions follow the fact store; re-read at most this often.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly ILogger _log = log ?? NullLogger<OccasionCatalog>.Instance;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<Occasion>? _cached;
    private DateTimeOffset _cachedAt;

    public void Dispose() => _gate.Dispose();

    public async Task<IReadOnlyList<Occasion>> AllAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is not null && now - _cachedAt < CacheFor)
        {
            return _cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is not null && now - _cachedAt < CacheFor)
            {
                return _cached;
            }

            IReadOnlyList<DatedFact> dated = [];
            if (facts is not null)
            {
                try
                {
                    dated = await facts.DatedFactsAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogWarning(ex, "Dated facts could not be read; only curated occasions are used for now");
                }
            }

            _cached = await WithSearchedSourcesAsync(Merge(curated.Occasions, dated), cancellationToken);
            _cachedAt = now;
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A curated occasion no dated sentence names (e.g. a date given without its year) takes as sources the
    /// documents its fact query finds.</summary>
    private async Task<IReadOnlyList<Occasion>> WithSearchedSourcesAsync(IReadOnlyList<Occasion> occasions, CancellationToken cancellationToken)
    {
        if (facts is null)
        {
            return occasions;
        }

        var result = new List<Occasion>(occasions.Count);
        foreach (var occasion in occasions)
        {
            if (!occasion.Curated || occasion.Sources.Count > 0 || string.IsNullOrWhiteSpace(occasion.FactQuery))
            {
                result.Add(occasion);
                continue;
            }

            try
            {
                var hits = await facts.SearchAsync(occasion.FactQuery, OccasionFacts.PerPost, cancellationToken);
                result.Add(occasion with
                {
                    Sources = [.. hits
                        .Where(p => occasion.Documents.Count == 0 || occasion.Documents.Contains(p.DocumentId, StringComparer.OrdinalIgnoreCase))
                        .Select(p => new OccasionSource(p.DocumentId, p.Title, p.Date, p.Source))
                        .DistinctBy(s => s.DocumentId)],
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log.LogWarning(ex, "Sources of occasion {Occasion} could not be searched", occasion.Id);
                result.Add(occasion);
            }
        }

        return result;
    }

    /// <summary>Curated occasions (with the documents that name their date as sources) followed by derived ones
    /// ordered by month and day. A derived occasion's original year is the earliest year its day is named with.</summary>
    public static IReadOnlyList<Occasion> Merge(IReadOnlyList<Occasion> curatedOccasions, IReadOnlyList<DatedFact> dated)
    {
        var result = new List<Occasion>();
        foreach (var occasion in curatedOccasions)
        {
            var sources = dated
                .Where(f => f.Month == occasion.Month && f.Day == occasion.Day && f.Year == occasion.OriginalYear)
                .Where(f => occasion.Documents.Count == 0 || occasion.Documents.Contains(f.DocumentId, StringComparer.OrdinalIgnoreCase))
                .Select(ToSource)
                .DistinctBy(s => s.DocumentId)
                .OrderBy(s => s.DocumentId, StringComparer.Ordinal)
                .ToList();
            result.Add(occasion with { Sources = sources.Count > 0 ? sources : occasion.Sources, Curated = true });
        }

        var curatedDays = curatedOccasions.Select(o => (o.Month, o.Day)).ToHashSet();
        var derived = dated
            .Where(f => IsValidDay(f.Month, f.Day) && f.Year is > 0 and < 10000 && !curatedDays.Contains((f.Month, f.Day)))
            .GroupBy(f => (f.Month, f.Day))
            .OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Day)
            .Select(g =>
            {
                var ordered = g.OrderBy(f => f.Year).ThenBy(f => f.DocumentId, StringComparer.Ordinal).ThenBy(f => f.Sentence, StringComparer.Ordinal).ToList();
                var first = ordered[0];
                return new Occasion(
                    DerivedId(first.Month, first.Day),
                    first.Month,
                    first.Day,
                    first.Year,
                    TitleFrom(first.Sentence),
                    first.Sentence.Trim(),
                    FactQuery: null,
                    Template: null,
                    Curated: false)
                {
                    Sources = [.. ordered.Select(ToSource).DistinctBy(s => s.DocumentId)],
                };
            });
        result.AddRange(derived);
        return result;
    }

    public static string DerivedId(int month, int day) => $"d-{month:00}{day:00}";

    public static bool IsValidDay(int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000, month);

    private static OccasionSource ToSource(DatedFact fact) => new(fact.DocumentId, fact.DocumentTitle, fact.DocumentDate, fact.Source);

    /// <summary>A title from a sentence: at most 90 characters, cut at a word.</summary>
    private static string TitleFrom(string sentence)
    {
        var text = string.Join(' ', sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ' ');
        if (text.Length <= 90)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', 89);
        return (cut > 40 ? text[..cut] : text[..89]) + "…";
    }
}
