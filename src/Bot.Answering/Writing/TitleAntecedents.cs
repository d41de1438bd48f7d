using System.Text.RegularExpressions;
using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>A person a sentence names only by title ("The Vietnamese President made the statement …"), named
/// earlier in the same article with that title ("President Truong Tan Sang"): who the sentence means.</summary>
public sealed record TitleAntecedent(string Title, string Name, int Sentence);

/// <summary>Finds the person a sentence names only by a title: a "who" question answered by "The President said …"
/// asks for the president the article named before, which the sentence alone does not say. Titles are the person
/// nouns of answer-nouns.txt.</summary>
public sealed partial class TitleAntecedents(PassageIndex index, AnsweringVocabulary vocabulary)
{
    /// <summary>How many sentences back the name may stand: an article names its people near where it refers to them.</summary>
    private const int Reach = 8;

    private readonly HashSet<string> _titles = vocabulary.AnswerNouns.Nouns.Where(n => n.Type == AnswerType.Person).SelectMany(n => n.Stems).ToHashSet(StringComparer.Ordinal);

    public TitleAntecedent? Find(int sentence)
    {
        foreach (Match bare in BareTitle().Matches(index.Sentences[sentence].Text))
        {
            var title = bare.Groups["title"].Value;
            if (!_titles.Contains(Stemmer.Stem(title.ToLowerInvariant())))
            {
                continue;
            }

            var document = index.DocumentIndexOf(sentence);
            for (var s = sentence - 1; s >= Math.Max(0, sentence - Reach) && index.DocumentIndexOf(s) == document; s--)
            {
                var named = Regex.Match(index.Sentences[s].Text, $@"\b{Regex.Escape(title)}\s+(?<name>\p{{Lu}}[\p{{L}}’'-]*(?:\s+\p{{Lu}}[\p{{L}}’'-]*){{0,3}})\b", RegexOptions.None, TimeSpan.FromSeconds(1));
                if (named.Success)
                {
                    return new TitleAntecedent(title, named.Groups["name"].Value, s);
                }
            }
        }

        return null;
    }

    /// <summary>"The (Vietnamese) President made …": a capitalized title after "the" with no name after it.</summary>
    [GeneratedRegex(@"\b[Tt]he\s+(?:\p{Lu}\p{Ll}+\s+)?(?<title>\p{Lu}\p{Ll}+)\s+\p{Ll}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BareTitle();
}
