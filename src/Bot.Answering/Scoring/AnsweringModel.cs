using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Answering.Decision;
using Bot.Answering.Vocabulary;

namespace Bot.Answering.Scoring;

/// <summary>The fitted parts of the question path, as written by <c>train-answering</c> to config/answering/model.json:
/// the candidate ranker, the decision (calibrated probability that the answer line is right), the threshold under
/// which the bot declines, and how all of it was fitted (pool, folds, out-of-fold scores).</summary>
public sealed record AnsweringModel(LogisticModel Ranker, LogisticModel Decision, double Threshold, JsonElement? Fitting = null)
{
    /// <summary>The threshold for a figure computed with the calendar, chosen apart on the same out-of-fold
    /// confidences: at the same probability a computed figure is right more often than a quoted sentence.</summary>
    public double? ComputedThreshold { get; init; }

    public double ThresholdFor(bool computed) => computed ? ComputedThreshold ?? Threshold : Threshold;

    /// <summary>Under this confidence the line is more likely wrong than right: the bot answers, but says it is not sure.</summary>
    public const double HedgeBelow = 0.5;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static AnsweringModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new VocabularyException($"the answering model {Path.GetFullPath(path)} is missing (run the train-answering verb to write it)");
        }

        AnsweringModel? model;
        try
        {
            model = JsonSerializer.Deserialize<AnsweringModel>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new VocabularyException($"the answering model {Path.GetFullPath(path)} is not valid JSON: {ex.Message}");
        }

        if (model is null
            || !model.Ranker.Features.SequenceEqual(CandidateFeatures.Names)
            || !model.Decision.Features.SequenceEqual(DecisionFeatures.Names)
            || model.Ranker.Weights.Length != CandidateFeatures.Names.Length
            || model.Decision.Weights.Length != DecisionFeatures.Names.Length)
        {
            throw new VocabularyException($"the answering model {Path.GetFullPath(path)} does not fit this version's features (run the train-answering verb again)");
        }

        return model;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
