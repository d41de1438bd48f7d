using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

public sealed class VocabularyFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vocabulary-").FullName;

    public VocabularyFilesTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ShippedAnswering.Root, "config", "answering"), "*.txt"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_shipped_vocabulary_loads()
    {
        var vocabulary = VocabularyFiles.Load(_folder, Path.Combine(ShippedAnswering.Root, "config", "answering", "domain"));
        vocabulary.StopWords.ShouldContain("the");
        vocabulary.QuestionTypes.ShouldNotBeEmpty();
    }

    [Fact]
    public void A_malformed_rewrite_names_the_file_and_the_line()
    {
        File.AppendAllText(Path.Combine(_folder, "rewrites.txt"), "no equals sign here\n");
        var error = Should.Throw<VocabularyException>(() => VocabularyFiles.Load(_folder, null));
        error.Message.ShouldContain("rewrites.txt line");
        error.Message.ShouldContain("no equals sign here");
    }

    [Fact]
    public void An_unknown_answer_type_names_the_valid_ones()
    {
        File.AppendAllText(Path.Combine(_folder, "question-types.txt"), "colour = what colour\n");
        Should.Throw<VocabularyException>(() => VocabularyFiles.Load(_folder, null)).Message.ShouldContain("person");
    }

    [Fact]
    public void A_missing_domain_folder_is_named()
    {
        Should.Throw<VocabularyException>(() => VocabularyFiles.Load(_folder, Path.Combine(_folder, "nowhere"))).Message.ShouldContain("nowhere");
    }

    [Fact]
    public void A_model_written_for_other_features_is_refused_with_the_command_to_refit()
    {
        var path = Path.Combine(_folder, "model.json");
        File.WriteAllText(path, """{"ranker":{"features":["old"],"means":[0],"scales":[1],"weights":[1],"bias":0},"decision":{"features":["old"],"means":[0],"scales":[1],"weights":[1],"bias":0},"threshold":0.5}""");
        Should.Throw<VocabularyException>(() => AnsweringModel.Load(path)).Message.ShouldContain("train-answering");
    }

    [Fact]
    public void The_shipped_model_loads_and_round_trips()
    {
        var path = Path.Combine(_folder, "copy.json");
        ShippedAnswering.Model.Save(path);
        var copy = AnsweringModel.Load(path);
        copy.Ranker.Weights.ShouldBe(ShippedAnswering.Model.Ranker.Weights);
        copy.Threshold.ShouldBe(ShippedAnswering.Model.Threshold);
    }
}
