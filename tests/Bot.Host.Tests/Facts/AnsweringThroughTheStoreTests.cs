using Bot.Answering.Training;
using Bot.Core.Facts;
using Bot.Host;
using Bot.Storage.Facts;
using Bot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.Facts;

/// <summary>The pool's questions (without the final slice) asked the way the bot answers a member: the corpus
/// ingested into a SQLite store, questions through the host's registered answering service. The second corpus is
/// served with nothing but settings changed (its folder and its vocabulary folder).</summary>
[Trait("Category", "Slow")]
public sealed class AnsweringThroughTheStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "answering-host-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<PoolScore> AskPoolAsync(string corpus, params string[] settings)
    {
        var builder = BotHost.CreateBuilder(["ask", $"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, corpus + ".db")}", .. settings]);
        builder.AddStore().AddFactStore();
        using var app = builder.Build();
        await app.Services.GetRequiredService<FactLibrary>().IngestAsync(null, TestContext.Current.CancellationToken);
        var answerer = app.Services.GetRequiredService<IQuestionAnswerer>();
        var pool = TrainingPool.Load(ShippedAnswering.Root, Path.Combine(ShippedAnswering.Root, "tests", "pool"), Path.Combine(ShippedAnswering.Root, "config", "answering"), finalSlice: false)
            .Single(c => c.Name == corpus);
        var answers = new List<(PoolQuestion, Answer)>();
        foreach (var question in pool.Questions)
        {
            answers.Add((question, await answerer.AskAsync(question.Question, question.Today, TestContext.Current.CancellationToken)));
        }

        return PoolScore.OfAnswers(answers);
    }

    [Fact]
    public async Task The_default_corpus_holds_its_floors_through_the_store()
    {
        var score = await AskPoolAsync("main");
        score.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.58, score.ToString());
        score.AnswerLineRight.ShouldBeGreaterThanOrEqualTo(0.5, score.ToString());
        score.UnanswerableDeclined.ShouldBeGreaterThanOrEqualTo(0.55, score.ToString());
        score.OfftopicDeclined.ShouldBeGreaterThanOrEqualTo(0.95, score.ToString());
        score.AnsweredWrongShare.ShouldBeLessThanOrEqualTo(0.3, score.ToString());
    }

    [Fact]
    public async Task A_second_corpus_is_answered_with_only_settings_changed()
    {
        var score = await AskPoolAsync(
            "corpus-b",
            $"--Corpus:Path={Path.Combine(ShippedAnswering.Root, "tests", "pool", "corpus-b")}",
            $"--Answering:DomainVocabularyPath={Path.Combine(ShippedAnswering.Root, "tests", "pool", "corpus-b-vocabulary")}");
        score.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.33, score.ToString());
        score.UnanswerableDeclined.ShouldBeGreaterThanOrEqualTo(0.3, score.ToString());
        score.OfftopicDeclined.ShouldBeGreaterThanOrEqualTo(0.9, score.ToString());
    }
}
