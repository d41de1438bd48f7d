using System.Collections.Frozen;

namespace Bot.Answering.Vocabulary;

/// <summary>Reads the vocabulary from its folders: the general one and, optionally, the corpus's own
/// (<c>rewrites.txt</c> and <c>synonyms.txt</c> again, added to the general ones). A malformed line throws a
/// <see cref="VocabularyException"/> naming the file, the line and what is expected.</summary>
public static class VocabularyFiles
{
    public static AnsweringVocabulary Load(string folder, string? domainFolder)
    {
        var folders = domainFolder is null ? new[] { folder } : [folder, domainFolder];
        foreach (var f in folders)
        {
            if (!Directory.Exists(f))
            {
                throw new VocabularyException($"the vocabulary folder '{Path.GetFullPath(f)}' does not exist");
            }
        }

        var stopWords = Lines(Path.Combine(folder, "stopwords.txt"), required: true)
            .Select(l => Single(l, "one word a line")).ToList();

        var rewrites = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var synonyms = new List<string[]>();
        foreach (var f in folders)
        {
            foreach (var line in Lines(Path.Combine(f, "rewrites.txt"), required: f == folder))
            {
                var parts = line.Text.Split('=', 2);
                var from = parts.Length == 2 ? AnsweringVocabulary.Words(parts[0]) : [];
                var to = parts.Length == 2 ? AnsweringVocabulary.Words(parts[1]) : [];
                if (from.Length != 1 || to.Length == 0)
                {
                    throw line.Error("expected 'word = words' (one word on the left)");
                }

                rewrites[from[0]] = to;
            }

            foreach (var line in Lines(Path.Combine(f, "synonyms.txt"), required: f == folder))
            {
                var group = line.Text.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
                if (group.Length < 2 || group.Any(p => AnsweringVocabulary.Words(p).Length == 0))
                {
                    throw line.Error("expected two or more phrases separated by commas");
                }

                synonyms.Add(group);
            }
        }

        var types = new List<(AnswerType, string[][])>();
        foreach (var line in Lines(Path.Combine(folder, "question-types.txt"), required: true))
        {
            var parts = line.Text.Split('=', 2);
            if (parts.Length != 2 || !Enum.TryParse<AnswerType>(parts[0].Trim(), ignoreCase: true, out var type))
            {
                throw line.Error($"expected 'type = cue | cue' with a type of {string.Join(", ", Enum.GetNames<AnswerType>()).ToLowerInvariant()}");
            }

            var cues = parts[1].Split('|').Select(AnsweringVocabulary.Words).Where(c => c.Length > 0).Select(c => c.Select(Bot.Core.Facts.Stemmer.Stem).ToArray()).ToArray();
            if (cues.Length == 0)
            {
                throw line.Error("expected at least one cue after '='");
            }

            types.Add((type, cues));
        }

        var reasons = Lines(Path.Combine(folder, "reason-cues.txt"), required: true)
            .Select(l => AnsweringVocabulary.Words(l.Text)).Where(w => w.Length > 0).ToList();

        var captions = Lines(Path.Combine(folder, "caption-cues.txt"), required: true)
            .Select(l => AnsweringVocabulary.Words(l.Text)).Where(w => w.Length > 0).ToList();

        var dateQuestions = new List<(DateAsk, string[][])>();
        foreach (var line in Lines(Path.Combine(folder, "date-questions.txt"), required: true))
        {
            var parts = line.Text.Split('=', 2);
            if (parts.Length != 2 || !Enum.TryParse<DateAsk>(parts[0].Trim().Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var ask))
            {
                throw line.Error("expected 'which-anniversary | year-of | days-until | years-since | years-between | days-between | how-long | span | age | weekday = cue | cue'");
            }

            dateQuestions.Add((ask, parts[1].Split('|').Select(AnsweringVocabulary.Words).Where(c => c.Length > 0).ToArray()));
        }

        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Lines(Path.Combine(folder, "ordinal-words.txt"), required: true))
        {
            var parts = line.Text.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                throw line.Error("expected 'words = a positive whole number'");
            }

            ordinals[string.Join(' ', AnsweringVocabulary.Words(parts[0]))] = number;
        }

        var events = new Dictionary<string, string[][]>(StringComparer.Ordinal);
        foreach (var line in Lines(Path.Combine(folder, "date-events.txt"), required: true))
        {
            var parts = line.Text.Split('=', 2);
            var name = parts[0].Trim();
            var phrases = parts.Length == 2 ? parts[1].Split('|').Select(AnsweringVocabulary.Words).Where(c => c.Length > 0).ToArray() : [];
            if (parts.Length != 2 || !DateEventWords.Names.Contains(name) || phrases.Length == 0)
            {
                throw line.Error($"expected '{string.Join(" | ", DateEventWords.Names)} = phrase | phrase'");
            }

            events[name] = phrases;
        }

        var missing = DateEventWords.Names.Where(n => !events.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new VocabularyException($"{Path.GetFullPath(Path.Combine(folder, "date-events.txt"))} names no {string.Join(", ", missing)}");
        }

        var eventWords = new DateEventWords(events["open"], events["join"], events["verb"], events["start"], events["end"], events["generic"], events["upcoming"], events["distance"], events["arrive"], events["pair-open"], events["pair-join"], events["counted"], events["pronoun"], events["caused"], events["life"], events["whole"], events["past"], events["forward"], events["backward"], events["year-lead"], events["marking"]);
        string[][] askWords = [];
        var nouns = new List<(AnswerType, System.Collections.Frozen.FrozenSet<string>)>();
        foreach (var line in Lines(Path.Combine(folder, "answer-nouns.txt"), required: true))
        {
            var parts = line.Text.Split('=', 2);
            var phrases = parts.Length == 2 ? parts[1].Split('|').Select(AnsweringVocabulary.Words).Where(c => c.Length > 0).ToArray() : [];
            if (parts.Length == 2 && parts[0].Trim() == "ask" && phrases.Length > 0)
            {
                askWords = phrases;
            }
            else if (parts.Length == 2 && Enum.TryParse<AnswerType>(parts[0].Trim(), ignoreCase: true, out var type) && phrases.Length > 0)
            {
                nouns.Add((type, phrases.Select(AnsweringVocabulary.StemPhrase).ToFrozenSet(StringComparer.Ordinal)));
            }
            else
            {
                throw line.Error($"expected 'ask = word | word' or 'type = noun | noun' with a type of {string.Join(", ", Enum.GetNames<AnswerType>()).ToLowerInvariant()}");
            }
        }

        return new AnsweringVocabulary(stopWords, rewrites.ToDictionary(p => p.Key, p => p.Value), synonyms, types, reasons, captions, dateQuestions, ordinals, eventWords, new AnswerNouns(askWords, nouns));
    }

    private static string Single(VocabularyLine line, string expected)
    {
        var words = AnsweringVocabulary.Words(line.Text);
        return words.Length == 1 ? words[0] : throw line.Error($"expected {expected}");
    }

    private static IEnumerable<VocabularyLine> Lines(string path, bool required)
    {
        if (!File.Exists(path))
        {
            if (required)
            {
                throw new VocabularyException($"{Path.GetFullPath(path)} is missing");
            }

            yield break;
        }

        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var text = raw.Trim();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                yield return new VocabularyLine(path, number, text);
            }
        }
    }

    private sealed record VocabularyLine(string Path, int Number, string Text)
    {
        public VocabularyException Error(string expected) =>
            new($"{System.IO.Path.GetFullPath(Path)} line {Number}: '{Text}': {expected}");
    }
}

/// <summary>A vocabulary or model file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class VocabularyException(string message) : Exception(message);
