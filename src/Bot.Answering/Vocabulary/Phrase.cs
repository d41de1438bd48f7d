namespace Bot.Answering.Vocabulary;

/// <summary>Phrases of the vocabulary found in a run of words.</summary>
public static class Phrase
{
    /// <summary>Whether the phrase's words stand together, in order, somewhere in <paramref name="words"/>.</summary>
    public static bool In(IReadOnlyList<string> words, string[] phrase) => IndexIn(words, phrase) >= 0;

    /// <summary>Where the phrase's words first stand together, in order, in <paramref name="words"/>; -1 when nowhere.</summary>
    public static int IndexIn(IReadOnlyList<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            if (StandsAt(words, phrase, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the phrase's words stand together, in order, from word <paramref name="at"/> on.</summary>
    public static bool StandsAt(IReadOnlyList<string> words, string[] phrase, int at)
    {
        if (at < 0 || at + phrase.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < phrase.Length; j++)
        {
            if (words[at + j] != phrase[j])
            {
                return false;
            }
        }

        return true;
    }
}
