namespace Bot.Answering;

/// <summary>How questions are answered. <c>Answering:Semantic</c> adds sentence vectors (all-MiniLM-L6-v2, run
/// locally through ONNX Runtime) to the lexical ranking; off by default, since the model costs about two seconds
/// and some 330 MB more resident.</summary>
public sealed class AnsweringOptions
{
    public const string Section = "Answering";

    public bool Semantic { get; set; }

    /// <summary>The general vocabulary (stop words, chat rewrites, synonyms, question types): config/answering/README.md.</summary>
    public string VocabularyPath { get; set; } = "config/answering";

    /// <summary>The corpus's own vocabulary (its abbreviations and names); empty for none.</summary>
    public string? DomainVocabularyPath { get; set; } = "config/answering/domain";

    /// <summary>The fitted ranker and decision, written by the train-answering verb.</summary>
    public string ModelPath { get; set; } = "config/answering/model.json";
}
