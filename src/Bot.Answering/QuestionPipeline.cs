using System.Globalization;
using System.Text;
using Bot.Answering.Candidates;
using Bot.Answering.Decision;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Answering.Writing;
using Bot.Core.Facts;

namespace Bot.Answering;

/// <summary>The question path over one corpus: Reading → Candidates → Scoring → Writing → Decision. Built once per
/// ingest from the stored documents and sentences; answering does no I/O.</summary>
public sealed class QuestionPipeline : IAnswerer
{
    private readonly QuestionReader _reader;
    private readonly CandidateSearch _search;
    private readonly CandidateScorer _scorer;
    private readonly AnswerWriter _writer;
    private readonly AnswerDecision _decision;
    private readonly LogisticModel _ranker;

    public QuestionPipeline(PassageIndex index, AnsweringVocabulary vocabulary, AnsweringModel model, SentenceVectors? vectors = null, TimeProvider? clock = null)
    {
        Index = index;
        _reader = new QuestionReader(vocabulary, index.HasWord);
        _search = new CandidateSearch(index, vectors);
        IsSemantic = vectors is not null;
        _ranker = model.Ranker;
        _scorer = new CandidateScorer(model.Ranker);
        _writer = new AnswerWriter(index, clock ?? TimeProvider.System, RankPhrase, vocabulary);
        _decision = new AnswerDecision(model);
    }

    public PassageIndex Index { get; }

    /// <summary>Whether sentence vectors add their nearest sentences to the candidates (semantic answering).</summary>
    public bool IsSemantic { get; }

    public Answer Ask(string question, DateOnly? today = null) => Run(question, today).Answer;

    public string Explain(string question, DateOnly? today = null)
    {
        var run = Run(question, today);
        var text = new StringBuilder();
        var q = run.Question;
        text.AppendLine(CultureInfo.InvariantCulture, $"1 read: english {q.English}; type {q.Type}; focus \"{q.Focus}\"; numbers [{string.Join(", ", q.Numbers)}]");
        foreach (var concept in run.Candidates.Concepts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {(concept.Concept.InFocus ? "focus" : "context")} {concept.Concept.Label}: weight {concept.Weight:0.00}, forms {string.Join(" / ", concept.Forms.Select(f => f.Kind + ":" + string.Join('+', f.Terms)))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"2 candidates: {run.Candidates.Candidates.Count}");
        text.AppendLine("3 scored (best first):");
        foreach (var candidate in run.Ranked.Take(5))
        {
            var sentence = Index.Sentences[candidate.Sentence];
            text.AppendLine(CultureInfo.InvariantCulture, $"    {candidate.Probability:0.000} [{sentence.DocumentId}] {Shorten(sentence.Text)}");
            text.AppendLine("        " + string.Join(' ', CandidateFeatures.Names.Zip(candidate.Features, (n, v) => v == 0 ? null : $"{n}={v:0.##}").OfType<string>()));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"4 written: {(run.Question.DateAsk is { } ask ? $"(date question: {ask}, events [{string.Join(" | ", run.Question.Events)}], ordinal {run.Question.Ordinal}, year {run.Question.Year}) " : "")}{Shorten(run.Written?.Line ?? "(nothing)")}");
        text.Append(CultureInfo.InvariantCulture, $"5 decided: confidence {run.Answer.Confidence:0.000} (threshold {_decision.ThresholdFor(run.Written?.Computed ?? false):0.000}), {(run.Answer.Declined ? "declined" : "answered")}");
        if (run.DecisionFeatures is { } features)
        {
            text.Append("; " + string.Join(' ', DecisionFeatures.Names.Zip(features, (n, v) => $"{n}={v:0.##}")));
        }

        return text.ToString();
    }

    /// <summary>Every stage's output for one question (what <see cref="Explain"/> prints and fitting reads).</summary>
    public PipelineRun Run(string question, DateOnly? today = null)
    {
        var read = _reader.Read(question);
        var candidates = _search.Search(read);
        var ranked = _scorer.Score(read, candidates, _search);
        // A date question may name nothing to search for ("what year is the 60th"): it counts from what the documents mark.
        if (!read.English || (ranked.Count == 0 && read.DateAsk is null))
        {
            return new PipelineRun(read, candidates, ranked, null, null, AnswerDecision.Decline(read, 0));
        }

        var written = _writer.Write(read, ranked, today);
        var features = DecisionFeatures.Of(read, candidates, ranked, Index, _ranker, written);
        var confidence = Math.Round(_decision.Confidence(features), 4);
        var answer = confidence < _decision.ThresholdFor(written.Computed) ? AnswerDecision.Decline(read, confidence) : _writer.Render(written, ranked, confidence, AnsweringModel.HedgeBelow);
        return new PipelineRun(read, candidates, ranked, written, features, answer);
    }

    /// <summary>Ranks the sentences for an event a date question names, read as "when …": its date is what is sought.</summary>
    private IReadOnlyList<ScoredCandidate> RankPhrase(string phrase)
    {
        var read = _reader.Read(phrase) with { Type = AnswerType.Date };
        return _scorer.Score(read, _search.Search(read), _search);
    }

    private static string Shorten(string text) => text.Length <= 140 ? text : text[..137] + "...";
}

/// <summary>What each stage produced for one question.</summary>
public sealed record PipelineRun(ReadQuestion Question, CandidateSet Candidates, IReadOnlyList<ScoredCandidate> Ranked, WrittenAnswer? Written, double[]? DecisionFeatures, Answer Answer);
