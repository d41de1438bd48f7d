using Bot.Answering.Candidates;
using Bot.Answering.Decision;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Answering.Writing;

namespace Bot.Answering.Training;

/// <summary>A corpus of the pool with its vocabulary and its questions.</summary>
public sealed record TrainingCorpus(string Name, PassageIndex Index, AnsweringVocabulary Vocabulary, IReadOnlyList<PoolQuestion> Questions);

/// <summary>How fitting went: the model, its out-of-fold and fitted scores, per corpus and overall.</summary>
public sealed record TrainingReport(AnsweringModel Model, PoolScore OutOfFold, PoolScore OutOfFoldRanking, PoolScore Fitted, IReadOnlyDictionary<string, PoolScore> OutOfFoldByCorpus, int Questions, int Folds)
{
    /// <summary>On-topic questions with an answer among their candidates (the most the ranker could find), by kind.</summary>
    public IReadOnlyDictionary<string, string> CandidateRecallByKind { get; init; } = new Dictionary<string, string>();

    /// <summary>Each question's out-of-fold outcome: id, kind, rank of the first sentence holding an answer, confidence, best sentence.</summary>
    public IReadOnlyList<string> OutOfFoldLines { get; init; } = [];

    /// <summary>Out-of-fold scores had the threshold been each of 0.1, 0.2 … 0.9.</summary>
    public IReadOnlyList<(double Threshold, PoolScore Score)> OutOfFoldByThreshold { get; init; } = [];

    /// <summary>Out-of-fold recall@3 of the ranking alone (nothing declined), by kind.</summary>
    public IReadOnlyDictionary<string, string> RankingRecallByKind { get; init; } = new Dictionary<string, string>();
}

/// <summary>Fits the ranker and the decision on the pool with k folds grouped by question id, chooses the decline
/// threshold on out-of-fold confidences, and reports out-of-fold scores beside fitted ones. The ranker learns which
/// candidate sentences hold an answer; the decision learns, from the ranker's out-of-fold output, when the best
/// sentence is right; the threshold maximizes right answers minus <see cref="WrongAnswerCost"/> times wrong ones.</summary>
public sealed class AnsweringTrainer(int folds = 5, int seed = 20270107, double l2 = 1.0)
{
    /// <summary>What a wrong answer costs, against 1 for a right one and 0 for a decline: the bot answers only what it more likely has right than wrong.</summary>
    public const double WrongAnswerCost = 1.5;

    public TrainingReport Fit(IReadOnlyList<TrainingCorpus> corpora)
    {
        var examples = corpora.SelectMany(c => c.Questions.Where(q => q.Kind != "multilingual").Select(q => Example.Of(c, q))).ToList();
        var fold = examples.Select(e => Fold(e.Question.Id)).ToArray();

        // Out-of-fold: each fold ranked by a ranker fitted without it.
        var oofRanked = new IReadOnlyList<ScoredCandidate>[examples.Count];
        var foldRankers = new LogisticModel[folds];
        for (var f = 0; f < folds; f++)
        {
            var ranker = foldRankers[f] = FitRanker(examples.Where((_, i) => fold[i] != f));
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] == f)
                {
                    oofRanked[i] = examples[i].Rank(ranker);
                }
            }
        }

        var decisionRows = examples.Select((e, i) => e.DecisionFeatures(oofRanked[i], foldRankers[fold[i]])).ToArray();
        var decisionLabels = examples.Select((e, i) => e.TopRight(oofRanked[i], foldRankers[fold[i]])).ToArray();
        var oofConfidence = new double[examples.Count];
        for (var f = 0; f < folds; f++)
        {
            var decision = FitDecision(decisionRows.Where((_, i) => fold[i] != f).ToList(), decisionLabels.Where((_, i) => fold[i] != f).ToList());
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] == f)
                {
                    oofConfidence[i] = decision.Probability(decisionRows[i]);
                }
            }
        }

        // Figures computed with the calendar get their own threshold (see AnsweringModel.ComputedThreshold).
        var computedAt = Array.IndexOf(Decision.DecisionFeatures.Names, "computed");
        var computed = decisionRows.Select(r => r[computedAt] > 0).ToArray();
        var threshold = ChooseThreshold(examples, oofRanked, oofConfidence, decisionLabels, [.. computed.Select(c => !c)]);
        var computedThreshold = ChooseThreshold(examples, oofRanked, oofConfidence, decisionLabels, computed);
        double ThresholdOf(int i) => computed[i] ? computedThreshold : threshold;
        var oofOutcomes = examples.Select((e, i) => e.Outcome(oofRanked[i], oofConfidence[i], double.NegativeInfinity, foldRankers[fold[i]])).ToList();
        var outOfFold = oofOutcomes.Select((o, i) => o with { Declined = o.Declined || o.Confidence < ThresholdOf(i), AnswerLineRight = o.AnswerLineRight && o.Confidence >= ThresholdOf(i) }).ToList();
        var ranking = oofOutcomes;

        // The shipped model: the ranker fitted on everything; the decision fitted on the out-of-fold ranker output
        // (what it will meet on questions it has not seen), with the threshold chosen out of fold.
        var finalRanker = FitRanker(examples);
        var finalDecision = FitDecision(decisionRows, decisionLabels);
        var model = new AnsweringModel(finalRanker, finalDecision, Math.Round(threshold, 4)) { ComputedThreshold = Math.Round(computedThreshold, 4) };
        var fitted = examples.Select(e => e.Outcome(model, e.Rank(finalRanker))).ToList();
        var byCorpus = corpora.ToDictionary(c => c.Name, c => PoolScore.Of([.. outOfFold.Where((_, i) => examples[i].Corpus == c)]));
        var onTopic = examples.Select((e, i) => (Example: e, Outcome: ranking[i])).Where(p => p.Example.Question.OnTopic).ToList();
        return new TrainingReport(model, PoolScore.Of(outOfFold), PoolScore.Of(ranking), PoolScore.Of(fitted), byCorpus, examples.Count, folds)
        {
            OutOfFoldLines = [.. examples.Select((e, i) => $"{e.Question.Id}\t{e.Question.Kind}\t{e.Read.Type}\trank={ranking[i].Rank}\tconf={oofConfidence[i]:0.00}\t{e.Question.Question}\t=> {(e.Answerable(oofRanked[i]) ? e.Line(oofRanked[i], foldRankers[fold[i]]) : "-")}")],
            OutOfFoldByThreshold = [.. Enumerable.Range(1, 9).Select(t => (t / 10.0, PoolScore.Of([.. oofOutcomes.Select(o => o with { Declined = o.Declined || o.Confidence < t / 10.0, AnswerLineRight = o.AnswerLineRight && o.Confidence >= t / 10.0 })])))],
            CandidateRecallByKind = onTopic.GroupBy(p => p.Example.Corpus.Name + "/" + p.Example.Question.Kind)
                .ToDictionary(g => g.Key, g => $"{g.Count(p => p.Example.Labels.Any(l => l))}/{g.Count()}"),
            RankingRecallByKind = onTopic.GroupBy(p => p.Example.Corpus.Name + "/" + p.Example.Question.Kind)
                .ToDictionary(g => g.Key, g => $"{g.Count(p => p.Outcome.Rank is <= 3)}/{g.Count()}"),
        };
    }

    /// <summary>Scores questions the model was not fitted on (the final slice), as the bot would answer them.</summary>
    public static PoolScore Evaluate(AnsweringModel model, IReadOnlyList<TrainingCorpus> corpora)
    {
        var outcomes = new List<QuestionOutcome>();
        foreach (var corpus in corpora)
        {
            foreach (var question in corpus.Questions.Where(q => q.Kind != "multilingual"))
            {
                var example = Example.Of(corpus, question);
                outcomes.Add(example.Outcome(model, example.Rank(model.Ranker)));
            }
        }

        return PoolScore.Of(outcomes);
    }

    private int Fold(string id)
    {
        // FNV-1a over the seed and the id: a stable fold per question, the same on every machine.
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)folds);
    }

    private LogisticModel FitRanker(IEnumerable<Example> examples) =>
        LogisticModel.FitListwise(CandidateFeatures.Names,
            [.. examples.Where(e => e.Question.OnTopic && e.Labels.Any(l => l)).Select(e => (e.Rows.Select(r => r.Features).ToArray(), e.Labels))], l2);

    private LogisticModel FitDecision(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels) =>
        LogisticModel.Fit(DecisionFeatures.Names, rows, labels, DecisionL2);

    /// <summary>The decision has few examples per feature: a stronger penalty keeps it from fitting noise.</summary>
    public double DecisionL2 { get; init; } = 10;

    /// <summary>The threshold, on a grid of 0.05, chosen out of fold. Each point's utility: an answer whose line holds
    /// the answer counts +1, one whose line does not (an answered unanswerable question included)
    /// −<see cref="WrongAnswerCost"/>, hedged or not: the confidence is the probability that the line is right, and a
    /// member reads the line first (a right passage under a wrong line had counted +1, which pulled the threshold down
    /// to where a quarter of the lines given were wrong). Among the points that decline at least
    /// <see cref="OfftopicDeclinedFloor"/> of the page-noise questions, the lowest on the plateau of the best is taken.</summary>
    private static double ChooseThreshold(List<Example> examples, IReadOnlyList<ScoredCandidate>[] ranked, double[] confidence, bool[] lineRight, bool[] among)
    {
        var points = new List<(double Threshold, double Utility)>();
        var offtopic = examples.Where((_, i) => among[i]).Count(e => e.Question.Kind == "offtopic");
        for (var step = 1; step <= 19; step++)
        {
            var threshold = step * 0.05;
            var utility = 0.0;
            var offtopicAnswered = 0;
            for (var i = 0; i < examples.Count; i++)
            {
                if (among[i] && confidence[i] >= threshold && examples[i].Answerable(ranked[i]))
                {
                    utility += lineRight[i] ? 1 : -WrongAnswerCost;
                    offtopicAnswered += examples[i].Question.Kind == "offtopic" ? 1 : 0;
                }
            }

            if (offtopic == 0 || 1 - offtopicAnswered / (double)offtopic >= OfftopicDeclinedFloor)
            {
                points.Add((threshold, utility));
            }
        }

        if (points.Count == 0)
        {
            return 0.5;
        }

        // The utility is flat near its top, where one question decides between neighbouring points: each point is
        // judged by the mean of itself and its neighbours, so that the choice lies inside the plateau and does not
        // jump from one edge to the other as the pool grows.
        var smoothed = points.Select((p, i) => (p.Threshold, Utility: points.Skip(Math.Max(0, i - 1)).Take(i == 0 ? 2 : 3).Average(q => q.Utility))).ToList();
        // Where the top is flat (a plateau a question wide), the lowest threshold on it: a decline is a miss for the
        // member too, and right answers to questions written after the vocabulary come with less confidence.
        var top = smoothed.Max(p => p.Utility);
        return smoothed.First(p => p.Utility >= top - PlateauTolerance).Threshold;
    }

    /// <summary>How far below the best utility a threshold still stands on its plateau: one right answer.</summary>
    public const double PlateauTolerance = 1.0;

    /// <summary>The share of page-noise questions the threshold must decline (the issue's own floor).</summary>
    public const double OfftopicDeclinedFloor = 0.95;

    /// <summary>One question of the pool, read and searched once; its candidates' features and labels.</summary>
    private sealed record Example(TrainingCorpus Corpus, PoolQuestion Question, ReadQuestion Read, CandidateSet Set, CandidateSearch Search,
        IReadOnlyList<(Candidate Candidate, double[] Features)> Rows, bool[] Labels)
    {
        public static Example Of(TrainingCorpus corpus, PoolQuestion question)
        {
            var read = new QuestionReader(corpus.Vocabulary, corpus.Index.HasWord).Read(question.Question);
            var search = new CandidateSearch(corpus.Index);
            var set = search.Search(read);
            var rows = CandidateScorer.Features(read, set, search).ToList();
            var labels = rows.Select(r => question.Holds(corpus.Index.Sentences[r.Candidate.Sentence].Text)).ToArray();
            return new Example(corpus, question, read, set, search, rows, labels);
        }

        public IReadOnlyList<ScoredCandidate> Rank(LogisticModel ranker) => CandidateScorer.Rank(ranker, Rows);

        public double[] DecisionFeatures(IReadOnlyList<ScoredCandidate> ranked, LogisticModel ranker) =>
            Decision.DecisionFeatures.Of(Read, Set, ranked, Corpus.Index, ranker, Write(ranked, ranker));

        public bool TopRight(IReadOnlyList<ScoredCandidate> ranked, LogisticModel ranker) =>
            Question.OnTopic && Read.English && Answerable(ranked) && Question.Holds(Write(ranked, ranker).Line);

        /// <summary>As the pipeline answers: a question with candidates, or a date question, which may name nothing to
        /// search for ("how many days until the next one") and count from the anniversary the documents mark most.</summary>
        public bool Answerable(IReadOnlyList<ScoredCandidate> ranked) => ranked.Count > 0 || Read.DateAsk is not null;

        public string Line(IReadOnlyList<ScoredCandidate> ranked, LogisticModel ranker) => Write(ranked, ranker).Line;

        /// <summary>As the bot answers with <paramref name="model"/>: its decision and the threshold for the line written.</summary>
        public QuestionOutcome Outcome(AnsweringModel model, IReadOnlyList<ScoredCandidate> ranked)
        {
            var confidence = model.Decision.Probability(DecisionFeatures(ranked, model.Ranker));
            return Outcome(ranked, confidence, Answerable(ranked) ? model.ThresholdFor(Write(ranked, model.Ranker).Computed) : model.Threshold, model.Ranker);
        }

        public QuestionOutcome Outcome(IReadOnlyList<ScoredCandidate> ranked, double confidence, double threshold, LogisticModel ranker)
        {
            var declined = !Read.English || !Answerable(ranked) || confidence < threshold;
            if (!Answerable(ranked))
            {
                return new QuestionOutcome(Question, declined, null, false, confidence);
            }

            // As score.py counts it: the answer line shares rank 1 with the first passage.
            var written = Write(ranked, ranker);
            var texts = new[] { written.Line }.Concat(written.Sentences.Select(s => Corpus.Index.Sentences[s].Text)).ToList();
            var at = texts.FindIndex(Question.Holds);
            int? rank = at < 0 || at > 3 ? null : Math.Max(at, 1);
            return new QuestionOutcome(Question, declined, rank, !declined && Question.Holds(written.Line), confidence);
        }

        private WrittenAnswer Write(IReadOnlyList<ScoredCandidate> ranked, LogisticModel ranker) =>
            new AnswerWriter(Corpus.Index, TimeProvider.System, phrase => RankPhrase(phrase, ranker), Corpus.Vocabulary).Write(Read, ranked, Question.Today);

        private IReadOnlyList<ScoredCandidate> RankPhrase(string phrase, LogisticModel ranker)
        {
            var read = new QuestionReader(Corpus.Vocabulary, Corpus.Index.HasWord).Read(phrase) with { Type = AnswerType.Date };
            return CandidateScorer.Rank(ranker, [.. CandidateScorer.Features(read, Search.Search(read), Search)]);
        }
    }
}
