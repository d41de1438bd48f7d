using System.Globalization;
using Bot.Core.Facts;
using Bot.Core.Occasions;

namespace Bot.Core.Subscriptions;

/// <summary>A chat's occasions as /occasions numbers them: the curated ones, the chat's own, then those derived from
/// the documents. /occasions, /occasion remove and /preview refer to an occasion by this number or by words of its
/// title, never by an internal id.</summary>
public sealed class ChatOccasions
{
    private ChatOccasions(IReadOnlyList<Occasion> numbered) => Numbered = numbered;

    /// <summary>Number n is at index n − 1.</summary>
    public IReadOnlyList<Occasion> Numbered { get; }

    public static ChatOccasions For(IReadOnlyList<Occasion> all, Subscription? subscription) =>
        new([.. all.Where(o => o.Curated), .. (subscription?.OwnOccasions ?? []).Select(o => o.ToOccasion()), .. all.Where(o => !o.Curated)]);

    public int NumberOf(Occasion occasion) => Numbered.ToList().FindIndex(o => o.Id == occasion.Id) + 1;

    /// <summary>The occasion a moderator named: its number, its whole title, or words found in one title only.</summary>
    public SubscriptionValidation.Parsed<Occasion> Find(string? text, bool ownOnly = false)
    {
        var input = (text ?? "").Trim();
        var candidates = ownOnly ? [.. Numbered.Where(o => o.Own)] : Numbered;
        if (input.Length == 0 || !OwnOccasionParser.IsWellFormed(input))
        {
            return new(null, "Say which occasion: its number in /occasions or words of its title.");
        }

        if (int.TryParse(input, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number < 1 || number > Numbered.Count)
            {
                return new(null, $"There is no occasion {number}: /occasions numbers them from 1 to {Numbered.Count}.");
            }

            var occasion = Numbered[number - 1];
            return !ownOnly || occasion.Own
                ? new(occasion, null)
                : new(null, $"Occasion {number} ({occasion.Title}) is not one of this chat's own occasions, so it cannot be removed; a moderator can leave it out with /occasions.");
        }

        var exact = candidates.Where(o => string.Equals(o.Title.Trim(), input, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1)
        {
            return new(exact[0], null);
        }

        var words = Text.Tokenize(Text.Fold(input)).Select(t => t.Word).ToList();
        var matching = exact.Count > 1 ? exact : [.. candidates.Where(o => Contains(o.Title, words))];
        return matching.Count switch
        {
            1 => new(matching[0], null),
            0 => new(null, $"{(ownOnly ? "None of this chat's own occasions" : "No occasion")} has '{SubscriptionValidation.Shorten(input)}' in its title. /occasions lists them with their numbers."),
            _ => new(null, $"'{SubscriptionValidation.Shorten(input)}' is in {matching.Count} titles: " +
                string.Join("; ", matching.Take(5).Select(o => $"{NumberOf(o)}. {o.Title}")) + (matching.Count > 5 ? "; …" : "") + ". Give the number."),
        };
    }

    private static bool Contains(string title, List<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }

        var titleWords = Text.Tokenize(Text.Fold(title)).Select(t => t.Word).ToHashSet(StringComparer.Ordinal);
        return words.All(w => titleWords.Contains(w) || titleWords.Contains(Stemmer.Stem(w)) || titleWords.Any(t => Stemmer.Stem(t) == Stemmer.Stem(w)));
    }
}
