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
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++)
            {
                match = words[i + j] == phrase[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
