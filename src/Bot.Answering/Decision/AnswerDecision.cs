using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Core.Facts;

namespace Bot.Answering.Decision;

/// <summary>Stage 5: the calibrated probability that the answer line is right (the fitted decision model), and the
/// decline under the threshold chosen on cross-validation. A question in another language is declined with a
/// word on which language is understood.</summary>
public sealed class AnswerDecision(AnsweringModel model)
{
    /// <summary>Under this the bot declines: one threshold for sentences, one for figures computed with the calendar.</summary>
    public double ThresholdFor(bool computed) => model.ThresholdFor(computed);

    public double Confidence(double[] features) => model.Decision.Probability(features);

    public static Answer Decline(ReadQuestion question, double confidence) =>
        new(question.English ? AnswerTexts.Decline : AnswerTexts.EnglishOnly, confidence, Declined: true, []);
}
