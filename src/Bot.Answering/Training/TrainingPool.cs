using System.Text.Json;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Training;

/// <summary>The question pool as tests/pool/pool.json lists it: each corpus (a folder of documents, relative to the
/// repository root), its own vocabulary folder and its question files (relative to the pool folder).</summary>
public static class TrainingPool
{
    private static readonly string[] DocumentExtensions = [".txt", ".md", ".html", ".htm"];

    /// <summary>Reads the pool; <paramref name="finalSlice"/> picks the final fifth instead of the rest.</summary>
    public static IReadOnlyList<TrainingCorpus> Load(string root, string poolFolder, string vocabularyFolder, bool finalSlice)
    {
        var manifest = Path.Combine(poolFolder, "pool.json");
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var corpora = new List<TrainingCorpus>();
        foreach (var entry in json.RootElement.GetProperty("corpora").EnumerateArray())
        {
            var vocabulary = VocabularyFiles.Load(vocabularyFolder, Path.Combine(root, entry.GetProperty("domain").GetString()!));
            var documents = Directory.GetFiles(Path.Combine(root, entry.GetProperty("corpus").GetString()!))
                .Where(f => DocumentExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => DocumentParser.Parse(new DocumentText(Path.GetFileName(f), File.ReadAllText(f))));
            var questions = entry.GetProperty("questions").EnumerateArray()
                .SelectMany(q => PoolQuestion.Load(Path.Combine(poolFolder, q.GetString()!)))
                .Where(q => q.InFinalSlice == finalSlice).ToList();
            corpora.Add(new TrainingCorpus(entry.GetProperty("name").GetString()!, QuestionPipelineFactory.Index(documents, vocabulary), vocabulary, questions));
        }

        return corpora;
    }
}
