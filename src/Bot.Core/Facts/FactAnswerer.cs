using System.Globalization;
using System.Text;

namespace Bot.Core.Facts;

/// <summary>Answers a question from a <see cref="FactIndex"/>: ranks sentences by BM25 over the question's
/// concepts (with their synonyms), adds evidence from the neighbouring sentences and the document's title, boosts
/// sentences that hold the kind of answer asked for (a date for "when", a count for "how many", a name for
/// "who"), and declines when the best sentence covers too little of the question or lacks the answer's kind.
/// With <see cref="SentenceVectors"/> (<c>Answering:Semantic</c>) the question is embedded once and each
/// shortlisted sentence's lexical score is weighed by its cosine similarity to the question; coverage, and so the
/// decline, stays lexical.</summary>
public sealed partial class FactAnswerer(FactIndex index, SentenceVectors? semantic = null)
{
    public const string DeclineText = "I don't know from my sources.";
    public const string DeclineHint = "Try /fact for a fact from my documents, /next for the next anniversary, or /help for what I can do.";

    /// <summary>Share of the question's weight the best sentence must cover to be answered.</summary>
    public const double MinimumCoverage = 0.5;

    /// <summary>What a concept found only in a neighbouring sentence, or only in the headline, adds to a sentence's score.</summary>
    private const float NeighbourShare = 0.35f;
    private const float TitleShare = 0.3f;

    /// <summary>How far (in characters) from the question's words a name may stand to answer a "who".</summary>
    private const int NameReach = 60;

    /// <summary>What a name standing before the question's word counts as extra distance, in characters.</summary>
    private const int TitleOrder = 12;

    /// <summary>How many words from the event's word something the question names may stand.</summary>
    private const int EventReach = 5;

    /// <summary>What a synonym of the question's word counts for, against the word itself.</summary>
    private const float SynonymShare = 0.8f;

    /// <summary>How many sentences, best by lexical evidence, are weighed for the kind of answer they hold.</summary>
    private const int Shortlist = 48;

    /// <summary>Cosine similarity below which a sentence counts as unrelated to the question (MiniLM's unrelated
    /// pairs sit around 0.1–0.2), and how strongly similarity above it weighs.</summary>
    private const float SemanticFloor = 0.15f;
    private const float SemanticWeight = 0.6f;

    private readonly System.Collections.Concurrent.ConcurrentBag<Scratch> _scratch = [];

    public FactIndex Index => index;

    public Answer Ask(string question)
    {
        var analyzed = QuestionAnalyzer.Analyze(question ?? "", index.Correct, index.Acronyms, index.IsCapitalized);
        // The model reads the question as typed: spelling out chat words ("kr", "vn") first measured no better.
        return Ask(analyzed, semantic is null || analyzed.Concepts.Count == 0 ? null : semantic.Embed(question ?? ""));
    }

    public bool IsSemantic => semantic is not null;

    public Answer Ask(Question question, float[]? meaning = null)
    {
        if (question.Acronym is { } acronym && index.AcronymDefinitions.TryGetValue(acronym, out var definition))
        {
            return new Answer($"{acronym.ToUpperInvariant()} stands for {definition.LongForm}.", 0.95, false, Cite([definition.Sentence], []));
        }

        if (question.Words.Any(index.IsNoiseOnly))
        {
            return Decline(0);
        }

        // "what language do Khmer people speak": no document uses the kind of thing asked for, so none can name one.
        if (question.Focus is { } focus && index.Term(Stemmer.Stem(focus)) < 0 && index.Correct(focus) is null)
        {
            return Decline(0);
        }

        var ranked = Rank(question, 12, meaning);
        if (ranked.Count == 0)
        {
            return Decline(0);
        }

        var top = ranked.FirstOrDefault(c => c.Coverage >= MinimumCoverage && HasAnswerKind(question, c));
        if (top is null)
        {
            return Decline(ranked[0].Coverage);
        }

        var confidence = Math.Round(Math.Clamp((top.Coverage - 0.4) / 0.6, 0.05, 1.0) * (ranked.Any(r => r != top && r.Score > top.Score * 0.95) ? 0.85 : 1.0), 2);
        if (question.Type == AnswerType.HowMany && !question.WantsFraction && Conflict(question, top, ranked) is { } conflict)
        {
            return conflict with { Confidence = confidence };
        }

        var (line, evidence) = DirectAnswer(question, top);
        var passages = new List<int>();
        if (evidence is { } e && e != top.Sentence)
        {
            passages.Add(e);
        }

        passages.Add(top.Sentence);
        foreach (var other in ranked)
        {
            if (passages.Count >= 3 || other.Score < top.Score * 0.5)
            {
                break;
            }

            if (other.Coverage < MinimumCoverage * 0.8)
            {
                continue;
            }

            if (!passages.Contains(other.Sentence) && !passages.Any(p => index.Sentences[p].Text == index.Sentences[other.Sentence].Text))
            {
                passages.Add(other.Sentence);
            }
        }

        var cited = Cite(passages, ranked);
        return cited.Count == 0 ? Decline(top.Coverage) : new Answer(line, confidence, false, cited);
    }

    /// <summary>Best sentences first, with their score and how much of the question they cover.</summary>
    public IReadOnlyList<Candidate> Rank(Question question, int limit, float[]? meaning = null)
    {
        var concepts = question.Concepts.Take(31).ToList();
        if (concepts.Count == 0 || index.Sentences.Count == 0)
        {
            return [];
        }

        var n = index.Sentences.Count;
        var scratch = _scratch.TryTake(out var pooled) ? pooled : new Scratch(n, index.Documents.Count);
        var (scores, masks, titleMasks, touched) = (scratch.Scores, scratch.Masks, scratch.TitleMasks, scratch.Touched);
        try
        {
            var resolved = concepts.Select(Resolve).ToList();
            var weights = resolved.Select(r => r.Weight).ToArray();
            foreach (var concept in resolved.OrderBy(r => r.Frequency))
            {
                Score(concept, touched.Count > 0 && concept.Frequency > n / 20 + 50, scores, masks, titleMasks, touched);
            }

            var total = weights.Sum();
            if (total <= 0)
            {
                return [];
            }

            // Lexical evidence for every sentence that has a concept; the answer-kind boost, which reads dates,
            // counts and names out of the sentence, only for the best few, so cost does not grow with the corpus.
            var shortlist = new PriorityQueue<Candidate, float>(Shortlist + 1);
            var lowest = float.NegativeInfinity;

            // What neighbours and the headline could add is bounded by the weight of the concepts a sentence lacks:
            // a sentence whose bound cannot reach the full shortlist's lowest is passed over without reading them
            // (with room for the rounding of float sums).
            foreach (var s in touched)
            {
                if (shortlist.Count == Shortlist)
                {
                    var lacking = total - OwnWeight(masks[s], weights);
                    var bound = (scores[s] + lacking * NeighbourShare) * (0.5f + (total - lacking * 0.4f) / total);
                    if (bound * 1.001f <= lowest)
                    {
                        continue;
                    }
                }

                var own = masks[s];
                var neighbours = Mask(index.Previous[s], masks) | Mask(index.Next[s], masks);
                var title = titleMasks[index.DocumentIndexOf(s)];
                float covered = 0, bonus = 0;
                for (var c = 0; c < concepts.Count; c++)
                {
                    var bit = 1 << c;
                    if ((own & bit) != 0)
                    {
                        covered += weights[c];
                    }
                    else if ((neighbours & bit) != 0)
                    {
                        covered += weights[c] * 0.6f;
                        bonus += weights[c] * NeighbourShare;
                    }
                    else if ((title & bit) != 0)
                    {
                        covered += weights[c] * 0.5f;
                        bonus += weights[c] * TitleShare;
                    }
                }

                var coverage = covered / total;
                var score = (scores[s] + bonus) * (0.5f + coverage);

                // Only a sentence that makes the shortlist costs an allocation.
                if (shortlist.Count == Shortlist && score <= lowest)
                {
                    continue;
                }

                shortlist.Enqueue(new Candidate(s, score, coverage, own), score);
                if (shortlist.Count > Shortlist)
                {
                    shortlist.Dequeue();
                }

                if (shortlist.Count == Shortlist)
                {
                    shortlist.TryPeek(out _, out lowest);
                }
            }

            var candidates = new List<Candidate>(shortlist.Count);
            while (shortlist.TryDequeue(out var candidate, out _))
            {
                var fused = meaning is null || semantic is null ? 1f : Closeness(semantic.Similarity(meaning, candidate.Sentence));
                candidates.Add(candidate with { Score = candidate.Score * Boost(question, candidate.Sentence) * fused });
            }

            candidates.Sort((a, b) => b.Score.CompareTo(a.Score) is var byScore && byScore != 0 ? byScore : a.Sentence.CompareTo(b.Sentence));
            return candidates.Count > limit ? candidates.GetRange(0, limit) : candidates;
        }
        finally
        {
            // The buffers go back zeroed by undoing only what this question wrote, not by clearing the corpus.
            foreach (var s in touched)
            {
                scores[s] = 0;
                masks[s] = 0;
            }

            touched.Clear();
            Array.Clear(titleMasks);
            _scratch.Add(scratch);
        }
    }

    /// <summary>Per-question work buffers, one per concurrent question, reused so that a question allocates
    /// nothing in proportion to the corpus; every entry is zero while a buffer waits in the pool.</summary>
    private sealed class Scratch(int sentences, int documents)
    {
        public float[] Scores { get; } = new float[Math.Max(sentences, 1)];

        public int[] Masks { get; } = new int[Math.Max(sentences, 1)];

        public int[] TitleMasks { get; } = new int[Math.Max(documents, 1)];

        public List<int> Touched { get; } = [];
    }

    /// <summary>Each concept's weight in the question (its idf, or the rarest idf when no document has it).</summary>
    public IReadOnlyList<float> Weights(Question question) => [.. question.Concepts.Take(31).Select((c, i) => Resolve(c, i).Weight)];

    /// <summary>A concept's alternatives as term ids (those whose every term some sentence has), and its weight.</summary>
    private sealed record ResolvedConcept(int Bit, Concept Concept, IReadOnlyList<(int[] Terms, float Idf)> Alternatives, float Weight, int Frequency);

    private ResolvedConcept Resolve(Concept concept, int c)
    {
        var alternatives = new List<(int[], float)>();
        float weight = 0;
        var frequency = 0;
        for (var a = 0; a < concept.Alternatives.Count; a++)
        {
            var terms = concept.Alternatives[a].Select(index.Term).ToArray();
            if (terms.Length == 0 || terms.Any(t => t < 0))
            {
                continue;
            }

            var idf = terms.Average(index.Idf) * (concept.ExactFirst && a > 0 ? SynonymShare : 1f);

            // The concept weighs what the question's own wording weighs; a rare synonym does not make it rare.
            weight = a == 0 || alternatives.Count == 0 && weight == 0 ? idf * concept.Importance : weight;
            frequency = Math.Max(frequency, terms.Min(t => index.Postings(t).Length));
            alternatives.Add((terms, idf));
        }

        // A word no document uses weighs like the rarest word: a question about rabies is not about the documents.
        return new ResolvedConcept(1 << c, concept, alternatives, alternatives.Count > 0 ? weight : index.MaxIdf * concept.Importance, frequency);
    }

    /// <summary>Adds one concept's BM25 contribution to the sentences that have it. A concept found in a large
    /// share of the corpus only adds to sentences a rarer concept already found, so that common words do not
    /// make every sentence a candidate.</summary>
    private void Score(ResolvedConcept concept, bool onlyTouched, float[] scores, int[] masks, int[] titleMasks, List<int> touched)
    {
        var bit = concept.Bit;
        var importance = concept.Concept.Importance;
        foreach (var (terms, idf) in concept.Alternatives)
        {
            // All of the alternative's terms together: one walk over the sentences that have them all.
            var (postings, impacts) = index.PostingsOfAll(terms);
            for (var i = 0; i < postings.Length; i++)
            {
                var s = postings[i];
                if ((masks[s] & bit) != 0 || onlyTouched && masks[s] == 0)
                {
                    continue;
                }

                if (masks[s] == 0)
                {
                    touched.Add(s);
                }

                // A concept counts once per sentence, through the first of its alternatives found there.
                masks[s] |= bit;
                scores[s] += idf * importance * impacts[i] / terms.Length;
            }

            if (terms.Length == 1)
            {
                foreach (var d in index.TitlePostings(terms[0]))
                {
                    titleMasks[d] |= bit;
                }
            }
        }
    }

    /// <summary>How a sentence's cosine similarity to the question weighs its lexical score: unrelated sentences
    /// (cosine near the corpus's floor) keep about half, close paraphrases gain.</summary>
    private static float Closeness(float cosine) => 0.5f + Math.Max(0f, cosine - SemanticFloor) * SemanticWeight;

    private static int Mask(int sentence, int[] masks) => sentence < 0 ? 0 : masks[sentence];

    /// <summary>The summed weight of the concepts a sentence has.</summary>
    private static float OwnWeight(int mask, float[] weights)
    {
        float weight = 0;
        for (var rest = (uint)mask; rest != 0; rest &= rest - 1)
        {
            weight += weights[System.Numerics.BitOperations.TrailingZeroCount(rest)];
        }

        return weight;
    }

    /// <summary>Sentences holding the kind of answer asked for rank higher; a sentence about another
    /// anniversary than the one asked about ("35th" for "45th") ranks lower.</summary>
    private float Boost(Question question, int s)
    {
        var boost = TypeBoost(question, s) * RoleBoost(question, s) * LabelBoost(question, s);
        if (question.WantsCurrent && TellsOfThePast(s))
        {
            boost *= 0.7f;
        }

        if (question.AnniversaryOrdinal is { } asked && OtherAnniversary(s, asked))
        {
            boost *= 0.6f;
        }

        if (question.Words.Any(w => w is "title" or "titled" or "entitled" or "called" or "headline") && index.Sentences[s].Text.IndexOfAny(['“', '"', '‘']) >= 0)
        {
            boost *= 1.3f;
        }

        return boost;
    }

    /// <summary>A sentence dated well before its own report ("initiated … in the late 1990s", in a 2024 report)
    /// does not tell what holds now.</summary>
    private bool TellsOfThePast(int s) =>
        index.DocumentOf(s).Year is { } published && index.DatesOf(s).Any(d => (d.EndYear ?? d.Year) is { } y && y < published - 5 && d.Kind != DateKind.Duration);

    /// <summary>"who is the prime minister": a sentence where the role stands right before a name answers it;
    /// one where it is only a deputy's or vice's role ("Deputy Prime Minister Hun Many") answers it less.
    /// Read with plain searches: this runs for every shortlisted sentence of a "who".</summary>
    private float RoleBoost(Question question, int s)
    {
        if (question.Type != AnswerType.Who)
        {
            return 1f;
        }

        var text = index.Sentences[s].Text;
        if (question.Role is not { } role)
        {
            return PassiveAgent(question, text) ? 1.3f : 1f;
        }

        bool held = false, deputy = false;
        for (var at = text.IndexOf(role, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(role, at + role.Length, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + role.Length;
            if (at > 0 && char.IsLetter(text[at - 1]) || end < text.Length && char.IsLetter(text[end]))
            {
                continue;
            }

            var before = WordBefore(text, at);
            var qualified = before is "deputy" or "vice" or "former" or "late" && !question.Words.Contains(before);
            var named = false;
            foreach (var name in index.NamesOf(s))
            {
                named |= name.Start >= end && name.Start - end <= 2;
            }

            held |= named && !qualified;
            deputy |= qualified;
        }

        return held ? 1.3f : deputy ? 0.75f : 1f;
    }

    /// <summary>The folded word ending just before a position (one space between), or "".</summary>
    private static string WordBefore(string text, int at)
    {
        var end = at - 1;
        if (end < 1 || text[end] != ' ')
        {
            return "";
        }

        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        return start == end ? "" : text[start..end].ToLowerInvariant();
    }

    /// <summary>"who led the Khmer Rouge": "the Khmer Rouge led by Pol Pot" names the doer right after the
    /// question's own verb and "by".</summary>
    private static bool PassiveAgent(Question question, string text)
    {
        for (var at = text.IndexOf(" by ", StringComparison.Ordinal); at >= 0; at = text.IndexOf(" by ", at + 1, StringComparison.Ordinal))
        {
            if (at + 4 >= text.Length || !char.IsUpper(text[at + 4]))
            {
                continue;
            }

            var verb = WordBefore(text, at + 1);
            if (verb.Length == 0)
            {
                continue;
            }

            var stem = Stemmer.Stem(verb);
            foreach (var concept in question.Concepts)
            {
                if (concept.Alternatives is [[var only], ..] && only == stem)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"what do Cambodians call January 7": a sentence that gives something a name ("is the second
    /// birthday", "known as", "January 7 Victory Day") answers it.</summary>
    private float LabelBoost(Question question, int s) =>
        question.WantsLabel && Labels(index.Sentences[s].Text) ? 1.5f : 1f;

    private static bool Labels(string text)
    {
        foreach (var marker in LabelMarkers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return DayName().IsMatch(text);
    }

    private static readonly string[] LabelMarkers = [" called ", " known as ", " dubbed ", " named ", " referred to as ", " is the ", " was the ", " has been the ", " have been the "];

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[A-Z][a-z]+ \d{1,2}(st|nd|rd|th)? [A-Z][a-z]+ Day\b")]
    private static partial System.Text.RegularExpressions.Regex DayName();

    /// <summary>The sentence names other ordinals than the one asked, or names none and its document is about
    /// another anniversary.</summary>
    private bool OtherAnniversary(int s, int asked)
    {
        var named = Question.Ordinals(index.Sentences[s].Text);
        if (named.Count == 0)
        {
            named = index.DocumentOrdinals(index.DocumentIndexOf(s));
        }

        return named.Count > 0 && !named.Contains(asked);
    }

    private float TypeBoost(Question question, int s)
    {
        switch (question.Type)
        {
            case AnswerType.When:
                {
                    var dates = index.DatesOf(s);
                    if (question.WantsWeekday)
                    {
                        return dates.Any(d => d.Kind == DateKind.Weekday) ? 1.5f : 1f;
                    }

                    if (question.WantsStart && dates.Any(d => d.Kind == DateKind.YearRange))
                    {
                        return 1.5f;
                    }

                    if (dates.Any(d => d.Kind is DateKind.FullDate or DateKind.AnniversaryOrigin || d.Kind == DateKind.MonthDay && d.Year is not null))
                    {
                        return 1.5f;
                    }

                    return dates.Any(d => d.Kind is DateKind.Year or DateKind.YearRange or DateKind.MonthYear) ? 1.4f
                        : dates.Any(d => d.Kind is DateKind.Weekday or DateKind.MonthDay) ? 1.15f : 1f;
                }

            case AnswerType.HowMany:
                {
                    var quantities = index.QuantitiesOf(s);
                    if (question.WantsFraction)
                    {
                        return quantities.Any(q => q.IsFraction) ? 1.4f : 1f;
                    }

                    return quantities.Any(q => CountsWhatIsAsked(question, q)) ? 1.4f : quantities.Count > 0 ? 1.1f : 1f;
                }

            case AnswerType.HowLong:
                return index.DatesOf(s).Any(d => d.Kind is DateKind.Duration or DateKind.YearRange) ? 1.4f : 1f;
            case AnswerType.Who:
                return index.NamesOf(s).Any(n => !NamedInQuestion(question, n.Name)) ? 1.3f : 1f;
            case AnswerType.Why:
                return HasCause(index.Sentences[s].Text) ? 1.2f : 1f;
            case AnswerType.Where:
                return HasPlace(question, index.Sentences[s].Text) ? 1.3f : 1f;
            default:
                return 1f;
        }
    }

    /// <summary>A "who" needs a name near the sentence, a "how many X" a count of X, a "what fraction" a fraction.</summary>
    private bool HasAnswerKind(Question question, Candidate top)
    {
        var s = top.Sentence;
        if (question.Event is { } asked && !(TellsOfEvent(question, asked, s) && (question.Type != AnswerType.When || index.DatesOf(s).Any(d => d.Kind != DateKind.Duration))))
        {
            return false;
        }

        if (question.WantsLabel && BitCount(top.Mask) < Math.Max(1, question.Concepts.Count - (question.Concepts.Count >= 3 ? 1 : 0)))
        {
            return false;
        }

        switch (question.Type)
        {
            case AnswerType.Who when !question.AsksAboutNamedPerson:
                return Around(s).Any(x => index.NamesOf(x).Any(n => !NamedInQuestion(question, n.Name)));
            case AnswerType.HowMany when question.WantsFraction:
                return Around(s).Any(x => index.QuantitiesOf(x).Any(q => q.IsFraction));
            case AnswerType.HowMany when question.CountedNoun.Count > 0:
                return Around(s).Any(x => index.QuantitiesOf(x).Any(q => CountsWhatIsAsked(question, q)));
            default:
                return true;
        }
    }

    /// <summary>The sentence names the event (a money sign counts for a cost) within a few words of something
    /// else the question names: "the Front's establishment" tells when the Front was founded, a sentence that
    /// only mentions a foundation somewhere else does not.</summary>
    private bool TellsOfEvent(Question question, EventWords asked, int s)
    {
        var text = index.Sentences[s].Text;
        var tokens = Text.Tokenize(text);
        var evidence = new List<int>();
        for (var t = 0; t < tokens.Count; t++)
        {
            if (asked.Evidence.Contains(Stemmer.Stem(tokens[t].Word)))
            {
                evidence.Add(t);
            }
        }

        if (asked.Name == "cost" && text.Contains('$', StringComparison.Ordinal))
        {
            return true;
        }

        var eventStems = asked.Asked.SelectMany(a => a.Split(' ')).Select(Stemmer.Stem).ToHashSet(StringComparer.Ordinal);
        var subject = question.Concepts
            .Where(c => !c.Label.Split(' ').Any(w => asked.Asked.Contains(w)))
            .SelectMany(c => c.Alternatives).SelectMany(a => a)
            .Where(stem => !eventStems.Contains(stem))
            .ToHashSet(StringComparer.Ordinal);
        if (evidence.Count == 0 || subject.Count == 0)
        {
            return evidence.Count > 0;
        }

        // Who died or was born is the one named just before the word ("Pol Pot died", "Pol Pot's death") or
        // right after "of" ("the death of Pol Pot"): those who "perished under the Khmer Rouge" are not it.
        var ownEvent = asked.Name is "death" or "birth";
        for (var t = 0; t < tokens.Count; t++)
        {
            if (!subject.Contains(Stemmer.Stem(tokens[t].Word)))
            {
                continue;
            }

            foreach (var e in evidence)
            {
                var tied = ownEvent
                    ? t < e && e - t <= 3 || t > e && t - e <= 3 && tokens[e + 1].Word == "of"
                    : Math.Abs(e - t) <= EventReach;
                if (tied)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private IEnumerable<int> Around(int s)
    {
        yield return s;
        if (index.Previous[s] is >= 0 and var previous)
        {
            yield return previous;
        }

        if (index.Next[s] is >= 0 and var next)
        {
            yield return next;
        }
    }

    /// <summary>Whether a count is of the thing asked about: same word stem, or both are people in general.</summary>
    private static bool CountsWhatIsAsked(Question question, Quantity quantity)
    {
        if (question.CountedNoun.Count == 0)
        {
            return true;
        }

        // Plain loops: this runs for every count in every shortlisted sentence of a "how many".
        var askedAny = false;
        foreach (var word in question.CountedNoun)
        {
            if (IsNationality(word))
            {
                continue;
            }

            askedAny = true;
            var stem = Stemmer.Stem(word);
            foreach (var head in quantity.Head)
            {
                if (Stemmer.Stem(head) == stem)
                {
                    return true;
                }
            }
        }

        if (!askedAny)
        {
            return true;
        }

        var askedPeople = question.CountedNoun.Any(w => Lexicon.PeopleHeads.Contains(w) || w is "cambodia" or "vietnam");
        var headPeople = quantity.Head.Any(w => Lexicon.PeopleHeads.Contains(w) || IsNationality(w));
        return askedPeople && headPeople && question.CountedNoun.All(w => Lexicon.PeopleHeads.Contains(w) || IsNationality(w) || w is "cambodia" or "vietnam");
    }

    private static bool IsNationality(string word) => word is "cambodian" or "cambodians" or "vietnamese" or "vietnam" or "cambodia" or "khmer" or "foreign" or "local";

    /// <summary>Every word of the name is in the question. Runs for each name of each shortlisted sentence of a
    /// "who", so plain ASCII names are compared in place rather than tokenized.</summary>
    private static bool NamedInQuestion(Question question, string name)
    {
        if (!System.Text.Ascii.IsValid(name))
        {
            return Text.Tokenize(name).All(t => question.Words.Contains(t.Word));
        }

        var rest = name.AsSpan();
        while (rest.Length > 0)
        {
            var start = 0;
            while (start < rest.Length && !char.IsAsciiLetterOrDigit(rest[start]))
            {
                start++;
            }

            var end = start;
            while (end < rest.Length && char.IsAsciiLetterOrDigit(rest[end]))
            {
                end++;
            }

            if (end > start && !InWords(question.Words, rest[start..end]))
            {
                return false;
            }

            rest = rest[end..];
        }

        return true;
    }

    private static bool InWords(IReadOnlyList<string> words, ReadOnlySpan<char> word)
    {
        for (var w = 0; w < words.Count; w++)
        {
            if (word.Equals(words[w], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasCause(string text)
    {
        var folded = " " + Text.Fold(text) + " ";
        return folded.Contains(" because ", StringComparison.Ordinal) || folded.Contains(" to prevent ", StringComparison.Ordinal)
            || folded.Contains(" once ", StringComparison.Ordinal) || folded.Contains(" in order to ", StringComparison.Ordinal)
            || folded.Contains(" so that ", StringComparison.Ordinal) || folded.Contains(" due to ", StringComparison.Ordinal)
            || folded.Contains(" thanks to ", StringComparison.Ordinal) || folded.Contains(" since ", StringComparison.Ordinal)
            || folded.Contains(" in response to ", StringComparison.Ordinal) || folded.Contains(" in retaliation ", StringComparison.Ordinal)
            || folded.Contains(" as a result ", StringComparison.Ordinal) || folded.Contains(" self defen", StringComparison.Ordinal)
            || folded.Contains(" to help ", StringComparison.Ordinal) || folded.Contains(" to protect ", StringComparison.Ordinal)
            || folded.Contains(" to defend ", StringComparison.Ordinal) || folded.Contains(" led to ", StringComparison.Ordinal);
    }

    /// <summary>"in Hanoi", "from Kandal province": a capitalized word after a place preposition that the
    /// question does not already name.</summary>
    private static bool HasPlace(Question question, string text)
    {
        foreach (var marker in new[] { " in ", " from ", " at " })
        {
            for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
            {
                var start = at + marker.Length;
                if (start >= text.Length || !char.IsUpper(text[start]))
                {
                    continue;
                }

                var end = start;
                while (end < text.Length && char.IsLetter(text[end]))
                {
                    end++;
                }

                var word = Text.Fold(text[start..end]);
                if (Extraction.MonthNumber(word) == 0 && !question.Words.Contains(word) && !(Lexicon.ChatWords.TryGetValue(word, out var chat) && question.Words.Contains(chat)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The one-line answer for the question's type, and the sentence it was read from when that is a
    /// neighbour of the best sentence (a name in the sentence before "The Prime Minister emphasized…").</summary>
    private (string Line, int? Evidence) DirectAnswer(Question question, Candidate top)
    {
        var s = top.Sentence;
        var sentence = index.Sentences[s].Text;
        switch (question.Type)
        {
            case AnswerType.When:
                var asked = Extraction.Dates(question.Text, null);
                foreach (var x in Around(s))
                {
                    if (BestDate(question, x, asked) is { } date)
                    {
                        return (date + ".", x);
                    }
                }

                if (index.DocumentOf(s).Date is { } published)
                {
                    var year = published[..4];
                    return (question.WantsYear ? $"{year} (the date of the report: {published})." : $"Reported on {published}: {sentence}", null);
                }

                break;
            case AnswerType.HowMany:
                foreach (var x in Around(s))
                {
                    var quantity = index.QuantitiesOf(x)
                        .Where(q => question.WantsFraction ? q.IsFraction : CountsWhatIsAsked(question, q))
                        .FirstOrDefault();
                    if (quantity is not null)
                    {
                        return (Capitalize(quantity.Text) + ".", x);
                    }
                }

                break;
            case AnswerType.HowLong:
                var duration = index.DatesOf(s).FirstOrDefault(d => d.Kind == DateKind.Duration) ?? index.DatesOf(s).FirstOrDefault(d => d.Kind == DateKind.YearRange);
                if (duration is not null)
                {
                    return (Capitalize(duration.Display) + ".", s);
                }

                break;
            case AnswerType.Who when !question.AsksAboutNamedPerson:
                foreach (var x in Around(s))
                {
                    var names = NamesNearTheQuestion(question, x);
                    if (names.Count > 0)
                    {
                        return (string.Join(", ", names) + ".", x);
                    }
                }

                break;
        }

        return (sentence, null);
    }

    /// <summary>The sentence's names, nearest first to the words it shares with the question ("Chum Mey, who
    /// heads the Association…" answers "who heads the association", not the soldier named later in the sentence).</summary>
    private List<string> NamesNearTheQuestion(Question question, int s)
    {
        var text = index.Sentences[s].Text;
        var asked = question.Concepts.SelectMany(c => c.Alternatives).SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        var names = index.NamesOf(s).Where(n => !NamedInQuestion(question, n.Name)).ToList();

        // A synonym that is itself a candidate's name ("Pol Pot" for "the Khmer Rouge") is not a place to measure from.
        var anchors = Text.Tokenize(text)
            .Where(t => asked.Contains(Stemmer.Stem(t.Word)) && !names.Any(n => t.Start >= n.Start && t.Start < n.Start + n.Length))
            .Select(t => t.Start).ToList();
        if (anchors.Count == 0)
        {
            return [.. names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Take(3)];
        }

        // A title comes before its holder ("Prime Minister Hun Manet"): a name after the question's word is
        // nearer than one the same distance before it.
        int Distance(NameMention name) => anchors.Min(a => a < name.Start ? name.Start - a : Math.Max(0, a - (name.Start + name.Length)) + TitleOrder);
        return [.. names
            .Where(n => Distance(n) <= NameReach)
            .OrderBy(Distance)
            .Select(n => FullName(s, n.Name))
            .Distinct(StringComparer.Ordinal)
            .Take(3)
            .DefaultIfEmpty(names.Count > 0 ? names[0].Name : "")
            .Where(n => n.Length > 0)];
    }

    /// <summary>"Prime Minister Manet" names, in full, the "Hun Manet" its document names elsewhere.</summary>
    private string FullName(int s, string name)
    {
        if (name.Contains(' ', StringComparison.Ordinal))
        {
            return name;
        }

        foreach (var x in index.SentencesOf(index.DocumentIndexOf(s)))
        {
            foreach (var other in index.NamesOf(x))
            {
                if (other.Name.EndsWith(" " + name, StringComparison.Ordinal))
                {
                    return other.Name;
                }
            }
        }

        return name;
    }

    private string? BestDate(Question question, int s, IReadOnlyList<DateMention> asked)
    {
        var dates = index.DatesOf(s);
        bool InQuestion(DateMention d) => asked.Any(a => a.Year == d.Year && a.Month == d.Month && a.Day == d.Day && a.Kind == d.Kind
            || a.Kind == DateKind.Year && d.Kind == DateKind.Year && a.Year == d.Year);

        var usable = dates.Where(d => d.Kind != DateKind.Duration && !InQuestion(d)).ToList();
        if (question.WantsWeekday)
        {
            return usable.FirstOrDefault(d => d.Kind == DateKind.Weekday)?.Text;
        }

        int Rank(DateMention d) => d.Kind switch
        {
            DateKind.AnniversaryOrigin => question.MentionsAnniversary ? 5 : 0,
            DateKind.FullDate => 1,
            DateKind.MonthDay when d.Year is not null => 2,
            DateKind.YearRange => 3,
            DateKind.MonthYear => 3,
            DateKind.Year => 4,
            DateKind.MonthDay => 6,
            _ => 7,
        };

        var best = usable.OrderBy(Rank).ThenBy(d => d.Start).FirstOrDefault();
        if (best is null)
        {
            return null;
        }

        // "the 45th anniversary of January 7": of the dates named, the one 45 years after another is the answer.
        if (question.AnniversaryOrdinal is { } n)
        {
            var years = dates.Where(d => d.Year is not null).Select(d => d.Year!.Value).ToHashSet();
            if (usable.FirstOrDefault(d => d.Year is { } y && years.Contains(y - n)) is { } anniversary)
            {
                best = anniversary;
            }
            else if (index.DocumentOf(s).Year is { } published && years.Contains(published - n))
            {
                return question.WantsYear ? published.ToString(CultureInfo.InvariantCulture) : $"{index.DocumentOf(s).Date} (the {n}th anniversary, as dated by the report)";
            }
        }

        if (question.WantsStart && usable.FirstOrDefault(d => d.Kind == DateKind.YearRange) is { Year: { } first })
        {
            return first.ToString(CultureInfo.InvariantCulture);
        }

        if (question.WantsYear && best.Year is { } year && best.Kind is not DateKind.YearRange)
        {
            return year.ToString(CultureInfo.InvariantCulture);
        }

        return best.Kind == DateKind.AnniversaryOrigin ? $"{best.Display} (the {Ordinal(best.Text)} anniversary fell on {AnniversaryDay(best.Text)})" : best.Display;
    }

    /// <summary>"47th anniversary of the Front's establishment on December 2, 2025" → "December 2, 2025".</summary>
    private static string AnniversaryDay(string text)
    {
        var on = text.LastIndexOf(" on ", StringComparison.Ordinal);
        return on >= 0 ? text[(on + 4)..] : text[(text.IndexOf(" of ", StringComparison.Ordinal) + 4)..];
    }

    private static string Ordinal(string text) => text[..text.IndexOf(' ', StringComparison.Ordinal)];

    /// <summary>Where the documents give different counts of the same thing, says so and cites each variant.</summary>
    private Answer? Conflict(Question question, Candidate top, IReadOnlyList<Candidate> ranked)
    {
        var variants = new List<(string Key, string Text, int Sentence)>();
        double? reference = null;
        foreach (var candidate in ranked)
        {
            if (candidate.Coverage < MinimumCoverage || candidate.Score < top.Score * 0.45 || BitCount(candidate.Mask & top.Mask) < BitCount(top.Mask) - 1)
            {
                continue;
            }

            var quantity = index.QuantitiesOf(candidate.Sentence).FirstOrDefault(q => !q.IsFraction && CountsWhatIsAsked(question, q));
            if (quantity is null)
            {
                continue;
            }

            reference ??= quantity.High;
            if (quantity.High < reference / 3 || quantity.High > reference * 3)
            {
                continue;
            }

            var key = VariantKey(quantity);
            if (variants.All(v => v.Key != key))
            {
                variants.Add((key, QuantityPhrase(quantity), candidate.Sentence));
            }
        }

        if (variants.Count < 2)
        {
            return null;
        }

        var shown = variants.Take(3).ToList();
        var line = new StringBuilder("My sources differ: ");
        line.AppendJoin("; ", shown.Select(v => $"{v.Text} ({Describe(index.DocumentOf(v.Sentence))})"));
        line.Append('.');
        var cited = Cite([.. shown.Select(v => v.Sentence)], ranked);
        return cited.Count < 2 ? null : new Answer(line.ToString(), 0, false, cited) { Conflict = true };
    }

    private static string QuantityPhrase(Quantity quantity)
    {
        var words = quantity.Text.Split(' ');
        var scale = Array.FindIndex(words, w => w is "million" or "billion" or "thousand");
        return scale >= 0 ? string.Join(' ', words[..(scale + 1)]) : quantity.Text;
    }

    private static string VariantKey(Quantity quantity)
    {
        var phrase = Text.Fold(QuantityPhrase(quantity));
        foreach (var (word, digit) in new[] { ("three", "3"), ("two", "2"), ("four", "4"), ("five", "5"), ("ten", "10"), ("one", "1") })
        {
            phrase = phrase.Replace(word, digit, StringComparison.Ordinal);
        }

        return phrase;
    }

    private static int BitCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    private static string Describe(StoredDocument document) =>
        document.Date is { } date ? $"{document.Title}, {date}" : document.Title;

    /// <summary>Passages for the sentences, each checked against its document's stored body first: a sentence
    /// whose text is not found there at its offset is never cited.</summary>
    private List<Passage> Cite(List<int> sentences, IReadOnlyList<Candidate> ranked)
    {
        var passages = new List<Passage>();
        foreach (var s in sentences)
        {
            var sentence = index.Sentences[s];
            var document = index.DocumentOf(s);
            if (sentence.Start < 0 || sentence.Start + sentence.Text.Length > document.Body.Length
                || !document.Body.AsSpan(sentence.Start, sentence.Text.Length).SequenceEqual(sentence.Text))
            {
                continue;
            }

            var score = ranked.FirstOrDefault(r => r.Sentence == s)?.Score ?? 0;
            passages.Add(new Passage(sentence.Text, document.Id, document.Title, document.Date, document.Source, Math.Round(score, 3)));
        }

        return passages;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static Answer Decline(double coverage) =>
        new(DeclineText + " " + DeclineHint, Math.Round(Math.Clamp(coverage, 0, 1), 2), true, []);
}

/// <summary>A ranked sentence: its score, the share of the question's weight it covers, and which concepts it has.</summary>
public sealed record Candidate(int Sentence, float Score, double Coverage, int Mask);
