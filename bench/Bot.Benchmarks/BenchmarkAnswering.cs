using Bot.Answering;
using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Benchmarks;

/// <summary>The question path as the bot ships it (config/answering: vocabulary and fitted model).</summary>
public static class BenchmarkAnswering
{
    public static IAnswererFactory Factory()
    {
        var root = BenchmarkSuite.FindRoot();
        var folder = Path.Combine(root, "config", "answering");
        return new QuestionPipelineFactory(VocabularyFiles.Load(folder, Path.Combine(folder, "domain")), AnsweringModel.Load(Path.Combine(folder, "model.json")));
    }
}
