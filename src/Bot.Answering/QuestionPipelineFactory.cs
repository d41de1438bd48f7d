using Bot.Answering.Candidates;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering;

/// <summary>Builds the question path over each load of the store, with the vocabulary and model read at start and the
/// bot's clock ("today" for questions that compute with dates).</summary>
public sealed class QuestionPipelineFactory(AnsweringVocabulary vocabulary, AnsweringModel model, TimeProvider? clock = null) : IAnswererFactory
{
    public IAnswerer Create(IReadOnlyList<StoredDocument> documents, IReadOnlyList<FactSentence> sentences, SentenceVectors? vectors) =>
        new QuestionPipeline(new PassageIndex(documents, sentences, vocabulary), vocabulary, model, vectors, clock);

    /// <summary>The pipeline over parsed documents, as the store would hold them (for fitting and tests).</summary>
    public static PassageIndex Index(IEnumerable<ParsedDocument> documents, AnsweringVocabulary vocabulary)
    {
        var list = documents.ToList();
        return new PassageIndex(
            [.. list.Select(d => new StoredDocument(d.Id, d.Title, d.Date, d.Source, d.Body, d.Noise))],
            [.. list.SelectMany(d => d.Sentences.Select(s => new FactSentence(d.Id, s.Paragraph, s.Index, s.Start, s.Text)))],
            vocabulary);
    }
}
