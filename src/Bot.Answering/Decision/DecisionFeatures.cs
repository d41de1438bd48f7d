using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Answering.Writing;

namespace Bot.Answering.Decision;

/// <summary>Stage 5a: what the decision looks at for one question: how sure the ranker is of its best sentence and by
/// how much it beats the next, how much of the question the best sentence holds, how much of the question the
/// documents never use, and whether the page noise (never answered from) matches the question better than any fact.</summary>
public static class DecisionFeatures
{
    public static readonly string[] Names =
    [
        "top_probability",         // the ranker's softmax share of the best sentence and its restatements
        "margin",                  // … minus that of the best sentence saying something else
        "top_focus_coverage",      // how much of the focus the best sentence holds
        "rarest_focus_held",       // whether it holds the question's rarest focus concept
        "unknown_focus_share",     // how much of the focus the documents never use
        "noise_advantage",         // how much better a line of page noise matches the focus than any candidate sentence
        "computed",                // the line is a figure computed with the calendar
        "not_computed",            // the question asks for a date or to compute with dates and the line is a sentence instead
        "top_type_offered",        // the best sentence offers the kind of answer asked for (a date, a number, a name, a reason)
        "computed_grounded",       // how much of what the question names the sentences a computed figure comes from hold
        "top_exact_coverage",      // how much of the focus the best sentence holds in the question's own words (no synonym)
        "asks_thing",              // the kind of answer asked for: some kinds are found right more often than others
        "asks_reason",
        "asks_yes_no",
        "asks_person",
        "asks_number",
    ];

    private static readonly int ExactCoverage = Array.IndexOf(CandidateFeatures.Names, "focus_coverage_exact");

    /// <summary>Which feature of a candidate says it offers each kind of answer.</summary>
    private static readonly Dictionary<AnswerType, int> Offered = new()
    {
        [AnswerType.Date] = Array.IndexOf(CandidateFeatures.Names, "date_wanted_and_offered"),
        [AnswerType.Number] = Array.IndexOf(CandidateFeatures.Names, "number_wanted_and_offered"),
        [AnswerType.Person] = Array.IndexOf(CandidateFeatures.Names, "person_wanted_and_offered"),
        [AnswerType.Place] = Array.IndexOf(CandidateFeatures.Names, "place_wanted_and_offered"),
        [AnswerType.Reason] = Array.IndexOf(CandidateFeatures.Names, "reason_wanted_and_offered"),
        [AnswerType.Organisation] = Array.IndexOf(CandidateFeatures.Names, "organisation_wanted_and_offered"),
    };

    public static double[] Of(ReadQuestion question, CandidateSet set, IReadOnlyList<ScoredCandidate> ranked, PassageIndex index, LogisticModel ranker, WrittenAnswer written)
    {
        var top = ranked.Count > 0 ? ranked[0] : null;
        // A sentence restated elsewhere (the same article on two sites) splits the ranker's share between its copies:
        // together they are the best answer, and the margin is over the best sentence that says something else.
        var topShare = top is null ? 0 : ranked.Where(c => index.Restates(top.Sentence, c.Sentence)).Sum(c => c.Probability);
        var second = top is null ? 0 : ranked.Where(c => !index.Restates(top.Sentence, c.Sentence)).Select(c => c.Probability).DefaultIfEmpty(0).Max();
        var focus = set.Concepts.Where(c => c.Concept.InFocus).ToList();
        var focusWeight = focus.Sum(c => c.Weight);
        // A date question whose only words say how to compute ("what year is the 60th") names nothing unknown.
        var unknown = focusWeight > 0 ? focus.Where(c => !c.Known).Sum(c => c.Weight) / focusWeight : written.Computed ? 0 : 1;
        // A computed line for a question that names nothing but the computation ("what anniversary is it this year")
        // misses none of its focus (an empty focus is held in full) and no sentence competes with the one it counts
        // from (the anniversary the documents mark most): it is the only candidate.
        // So is a figure the question itself gives the day and the length for ("ousted on jan 7 1979 after 3 years,
        // 8 months and 20 days - when did their rule begin"): the calendar alone computes it.
        var nothingNamed = (focusWeight <= 0 && written.Computed) || written.FromQuestion;
        var topCoverage = nothingNamed ? 1 : top?.Features[0] ?? 0;
        // A computed line's range words ("lost power") need not be the documents' words: the range dates the event,
        // so the focus is what remains.
        var named = Named(question, set, written, inFocus: true);
        // "The front that called in the troops - which founding anniversary is coming up?": a focus that names only
        // the computation leaves the event to the message's other clauses, which a computed line is then grounded on.
        var fromContext = written.Computed && named.Count == 0;
        if (fromContext)
        {
            named = Named(question, set, written, inFocus: false);
        }

        if (written.Computed && (fromContext || named.Count < focus.Count))
        {
            var namedWeight = named.Sum(p => p.Concept.Weight);
            unknown = namedWeight > 0 ? named.Where(p => !p.Concept.Known).Sum(p => p.Concept.Weight) / namedWeight : 0;
            topCoverage = top is null || namedWeight <= 0 ? 0 : named.Where(p => top.Candidate.Matches[p.Index] != MatchKind.None).Sum(p => p.Concept.Weight) / namedWeight;
        }

        // A figure computed from a sentence that does not name what was asked ("what year was the court set up"
        // dated by another body's establishment) is not grounded, however well the best sentence matched.
        var grounded = 1.0;
        if (written.Computed && named.Sum(p => p.Concept.Weight) is var groundWeight and > 0)
        {
            grounded = named.Where(p => written.Grounds.Any(s => p.Concept.Forms.Any(f => index.SentenceHasAll(s, f.Terms)))).Sum(p => p.Concept.Weight) / groundWeight;
        }

        var rarest = focus.Where(c => c.Known).MaxBy(c => c.Weight);
        var rarestIndex = rarest is null ? -1 : set.Concepts.ToList().IndexOf(rarest);
        return
        [
            nothingNamed ? 1 : topShare,
            nothingNamed ? 1 : topShare - second,
            topCoverage,
            nothingNamed || (top is not null && rarestIndex >= 0 && top.Candidate.Matches[rarestIndex] != MatchKind.None) ? 1 : 0,
            unknown,
            NoiseCoverage(focus, focusWeight, index) - (ranked.Count == 0 ? 0 : ranked.Max(c => c.Features[0])),
            written.Computed ? 1 : 0,
            (question.DateAsk is not null || question.Type == AnswerType.Date) && !written.Computed ? 1 : 0,
            written.Computed || !Offered.TryGetValue(question.Type, out var offered) ? 1 : top?.Features[offered] ?? 0,
            grounded,
            nothingNamed ? 1 : top?.Features[ExactCoverage] ?? 0,
            question.Type == AnswerType.Thing ? 1 : 0,
            question.Type == AnswerType.Reason ? 1 : 0,
            question.Type == AnswerType.YesNo ? 1 : 0,
            question.Type == AnswerType.Person ? 1 : 0,
            question.Type == AnswerType.Number ? 1 : 0,
        ];
    }

    /// <summary>The concepts (in the focus, or outside it) that name what a line is about: for a computed line, not the
    /// range words ("lost power"), which date the event rather than name it.</summary>
    private static List<(ResolvedConcept Concept, int Index)> Named(ReadQuestion question, CandidateSet set, WrittenAnswer written, bool inFocus) =>
        [.. set.Concepts.Select((c, i) => (Concept: c, Index: i))
            .Where(p => p.Concept.Concept.InFocus == inFocus && !(written.Computed && p.Concept.Concept.Stems.Length == 1 && question.RangeWords.Contains(p.Concept.Concept.Label)))];

    /// <summary>The best IDF share of the focus that one line of page noise holds.</summary>
    private static double NoiseCoverage(List<ResolvedConcept> focus, double focusWeight, PassageIndex index)
    {
        if (focusWeight <= 0)
        {
            return 0;
        }

        var best = 0.0;
        var lines = focus.SelectMany(c => c.Forms).SelectMany(f => index.NoiseLinesWith(f.Terms[0])).Distinct();
        foreach (var line in lines.Select(l => index.NoiseLines[l]))
        {
            var held = 0.0;
            foreach (var concept in focus)
            {
                if (concept.Forms.Any(f => f.Terms.All(t => Array.BinarySearch(line, t) >= 0)))
                {
                    held += concept.Weight;
                }
            }

            best = Math.Max(best, held / focusWeight);
        }

        return best;
    }
}
