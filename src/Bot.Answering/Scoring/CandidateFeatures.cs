using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Scoring;

/// <summary>Stage 3a: the features of each candidate sentence for one question. Every feature is general (no word
/// of any corpus); how much each counts is learned (<see cref="LogisticModel"/>).</summary>
public static class CandidateFeatures
{
    public static readonly string[] Names =
    [
        "focus_coverage",          // IDF share of focus concepts the sentence holds, any form
        "focus_coverage_exact",    // … by their own stems only
        "context_coverage",        // IDF share of the context's concepts
        "focus_bm25_relative",     // focus BM25 / best focus BM25 among the candidates
        "bm25_relative",           // whole-message BM25 / best among the candidates
        "focus_rank",              // 1 / (1 + rank by focus BM25)
        "window_focus_coverage",   // focus coverage of the sentence with its neighbours
        "document_focus_coverage", // focus coverage of the whole document
        "title_focus_coverage",    // focus coverage of the document's title
        "focus_count_share",       // focus concepts held / focus concepts (unweighted)
        "date_wanted_and_offered",
        "number_wanted_and_offered",
        "person_wanted_and_offered",
        "place_wanted_and_offered",
        "reason_wanted_and_offered",
        "yesno_question",
        "log_length",
        "short_sentence",          // under eight content words: captions, fragments
        "first_in_document",
        "position_in_document",
        "novelty",                 // share of the sentence's words the question does not use
        "question_number_held",    // the question names a number or year and the sentence holds it
        "question_number_missing", // … and the sentence does not
        "span",                    // how close together the matched focus words stand
        "caption_like",            // names a photo, a caption or a credit
        "rarest_focus_held",       // holds the focus concept the corpus uses least
        "year_wanted_and_offered", // a date is asked and the sentence names a year the question does not
        "number_of_the_asked_noun",// a number is asked and the sentence counts a focus word ("12,000 people")
        "person_wanted_and_agent", // a person is asked and the sentence names one after "by" (the doer of a passive)
        "focus_near_start",        // a focus word stands among the sentence's first five words (what it is about)
        "organisation_wanted_and_offered", // an organisation is asked ("which paper") and the sentence names one
    ];

    /// <summary>What every candidate of one question is compared with, worked out once per question.</summary>
    public sealed record QuestionWords(HashSet<string> Stems, int Rarest)
    {
        public static QuestionWords Of(ReadQuestion question, CandidateSet set)
        {
            var rarest = -1;
            for (var c = 0; c < set.Concepts.Count; c++)
            {
                if (set.Concepts[c].Concept.InFocus && set.Concepts[c].Known && (rarest < 0 || set.Concepts[c].Weight > set.Concepts[rarest].Weight))
                {
                    rarest = c;
                }
            }

            return new QuestionWords(new HashSet<string>(question.Words.Select(Stemmer.Stem), StringComparer.Ordinal), rarest);
        }

        private readonly Dictionary<int, (double Document, double Title)> _byDocument = [];

        /// <summary>The IDF weight of the focus concepts a document holds, and its title: the same for every candidate
        /// of the document, so worked out once per document.</summary>
        public (double Document, double Title) FocusIn(int document, CandidateSet set, PassageIndex index)
        {
            if (!_byDocument.TryGetValue(document, out var held))
            {
                foreach (var concept in set.Concepts.Where(c => c.Concept.InFocus))
                {
                    held.Document += concept.Forms.Any(f => index.DocumentHasAll(document, f.Terms)) ? concept.Weight : 0;
                    held.Title += concept.Forms.Any(f => index.TitleHasAll(document, f.Terms)) ? concept.Weight : 0;
                }

                _byDocument[document] = held;
            }

            return held;
        }
    }

    public static double[] Of(ReadQuestion question, QuestionWords questionWords, CandidateSet set, Candidate candidate, CandidateSearch search, int focusRank, double bestFocus, double bestAll)
    {
        var index = search.Index;
        var concepts = set.Concepts;
        var sentence = candidate.Sentence;
        double focusTotal = 0, focusHeld = 0, focusExact = 0, contextTotal = 0, contextHeld = 0, window = 0;
        int focusCount = 0, focusHeldCount = 0;
        var documentIndex = index.DocumentIndexOf(sentence);
        var previous = index.Neighbour(sentence, -1);
        var next = index.Neighbour(sentence, 1);
        for (var c = 0; c < concepts.Count; c++)
        {
            var concept = concepts[c];
            var match = candidate.Matches[c];
            if (!concept.Concept.InFocus)
            {
                contextTotal += concept.Weight;
                contextHeld += match != MatchKind.None ? concept.Weight : 0;
                continue;
            }

            focusTotal += concept.Weight;
            focusCount++;
            if (match != MatchKind.None)
            {
                focusHeld += concept.Weight;
                focusHeldCount++;
                window += concept.Weight;
            }
            else if ((previous >= 0 && search.Holds(previous, concept)) || (next >= 0 && search.Holds(next, concept)))
            {
                window += concept.Weight;
            }

            focusExact += match == MatchKind.Exact ? concept.Weight : 0;
        }

        var (document, title) = questionWords.FocusIn(documentIndex, set, index);

        var rarest = questionWords.Rarest;
        var text = index.Sentences[sentence].Text;
        var evidence = index.Evidence(sentence);
        var words = index.Words(sentence);
        var tokens = words.Tokens;
        var novelty = words.Stems.Length == 0 ? 0 : words.Stems.Count(w => !questionWords.Stems.Contains(w)) / (double)words.Stems.Length;
        var newDate = evidence.Dates.Any(d => !question.Numbers.Any(n => d.Text.Contains(n, StringComparison.Ordinal)))
            || evidence.Numbers.Any(n => n.Length == 4 && char.IsDigit(n[0]) && !question.Numbers.Contains(n));
        var newNumber = evidence.Numbers.Any(n => !question.Numbers.Contains(n));
        var newName = evidence.NameStems.Any(n => !questionWords.Stems.Contains(n));
        var (position, of) = index.Position(sentence);
        var numberHeld = question.Numbers.Count > 0 && question.Numbers.Any(n => tokens.Any(t => t.Word == n));
        return
        [
            Share(focusHeld, focusTotal),
            Share(focusExact, focusTotal),
            Share(contextHeld, contextTotal),
            bestFocus > 0 ? candidate.FocusBm25 / bestFocus : 0,
            bestAll > 0 ? candidate.Bm25 / bestAll : 0,
            1.0 / (1 + focusRank),
            Share(window, focusTotal),
            Share(document, focusTotal),
            Share(title, focusTotal),
            focusCount == 0 ? 0 : focusHeldCount / (double)focusCount,
            question.Type == AnswerType.Date && newDate ? 1 : 0,
            question.Type == AnswerType.Number && newNumber ? 1 : 0,
            question.Type == AnswerType.Person && newName ? 1 : 0,
            question.Type == AnswerType.Place && newName ? 1 : 0,
            question.Type == AnswerType.Reason && evidence.GivesReason ? 1 : 0,
            question.Type == AnswerType.YesNo ? 1 : 0,
            Math.Log(1 + index.Length(sentence)),
            index.Length(sentence) < 8 ? 1 : 0,
            position == 0 ? 1 : 0,
            of <= 1 ? 0 : position / (double)(of - 1),
            novelty,
            numberHeld ? 1 : 0,
            question.Numbers.Count > 0 && !numberHeld ? 1 : 0,
            Span(words, set, candidate),
            evidence.LooksLikeCaption ? 1 : 0,
            rarest >= 0 && candidate.Matches[rarest] != MatchKind.None ? 1 : 0,
            question.Type == AnswerType.Date && evidence.Numbers.Any(n => AnsweringVocabulary.IsYear(n) && !question.Numbers.Contains(n)) ? 1 : 0,
            question.Type == AnswerType.Number && CountsFocus(evidence, set, candidate) ? 1 : 0,
            question.Type == AnswerType.Person && HasAgent(text, tokens) ? 1 : 0,
            FocusNearStart(words, set, candidate) ? 1 : 0,
            question.Type == AnswerType.Organisation && newName ? 1 : 0,
        ];
    }

    /// <summary>A quantity whose head words include a focus concept the sentence matched.</summary>
    private static bool CountsFocus(Candidates.SentenceEvidence evidence, CandidateSet set, Candidate candidate) =>
        evidence.Quantities.Any(q => q.Head.Any(h => IsFocusStem(Stemmer.Stem(h), set, candidate, synonymsToo: true)));

    /// <summary>"by" followed by a capitalized word: the doer of a passive ("was opened by Mayor Park").</summary>
    private static bool HasAgent(string text, Token[] tokens)
    {
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i].Word == "by" && char.IsUpper(text[tokens[i + 1].Start]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FocusNearStart(SentenceWords words, CandidateSet set, Candidate candidate) =>
        words.Stems.Take(5).Any(s => IsFocusStem(s, set, candidate, synonymsToo: false));

    /// <summary>Whether the stem belongs to a focus concept the sentence matched by its own words (or, with
    /// <paramref name="synonymsToo"/>, by a synonym too), counting the concept's synonyms among its stems.</summary>
    private static bool IsFocusStem(string stem, CandidateSet set, Candidate candidate, bool synonymsToo)
    {
        for (var c = 0; c < set.Concepts.Count; c++)
        {
            var kind = candidate.Matches[c];
            if (set.Concepts[c].Concept.InFocus && (kind == MatchKind.Exact || (synonymsToo && kind == MatchKind.Synonym)) && set.Concepts[c].AllStems.Contains(stem))
            {
                return true;
            }
        }

        return false;
    }

    private static double Share(double part, double whole) => whole > 0 ? part / whole : 0;

    /// <summary>Matched focus words over the stretch of the sentence from the first to the last of them: 1 when
    /// they stand together, small when they are scattered.</summary>
    private static double Span(SentenceWords words, CandidateSet set, Candidate candidate)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < set.Concepts.Count; c++)
        {
            if (candidate.Matches[c] == MatchKind.Exact && set.Concepts[c].Concept.InFocus)
            {
                stems.UnionWith(set.Concepts[c].Concept.Stems);
            }
        }

        if (stems.Count < 2)
        {
            return 0;
        }

        int first = -1, last = -1;
        for (var i = 0; i < words.Stems.Length; i++)
        {
            if (stems.Contains(words.Stems[i]))
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        return first < 0 ? 0 : Math.Min(1, stems.Count / (double)(last - first + 1));
    }
}
