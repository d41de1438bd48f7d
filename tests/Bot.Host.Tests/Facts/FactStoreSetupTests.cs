using System.Text.Json;
using Bot.Answering;
using Bot.Core.Facts;
using Bot.Host;
using Bot.Host.Verbs;
using Bot.Storage.Facts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Bot.Host.Tests.Facts;

public sealed class FactStoreSetupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facts-host-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private WebApplication Build(params string[] settings)
    {
        var builder = BotHost.CreateBuilder(["ask", $"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, "bot.db")}", .. settings]);
        builder.AddStore().AddFactStore();
        return builder.Build();
    }

    [Fact]
    public void Sentence_vectors_are_not_registered_when_semantic_answering_is_off()
    {
        using var app = Build();
        app.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(SentenceVectorStore)).ShouldBeFalse();
    }

    [Fact]
    public void Sentence_vectors_are_registered_when_semantic_answering_is_on()
    {
        using var app = Build("--Answering:Semantic=true");
        app.Services.GetRequiredService<IOptions<AnsweringOptions>>().Value.Semantic.ShouldBeTrue();
        // Registered, not resolved: loading the model is the semantic tests' business, not this one's.
        app.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(SentenceVectorStore)).ShouldBeTrue();
    }

    [Fact]
    public void Corpus_path_defaults_to_config_corpus()
    {
        using var app = Build();
        app.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path.ShouldBe("config/corpus");
    }

    [Fact]
    public void Ask_ingest_and_facts_verbs_are_registered()
    {
        using var app = Build();
        app.Services.GetServices<ICliVerb>().Select(v => v.Name).ShouldBe(["ask", "ingest", "facts", "train-answering"], ignoreOrder: true);
    }

    [Fact]
    public async Task Default_corpus_answers_through_the_registered_answerer()
    {
        using var app = Build();
        var report = await app.Services.GetRequiredService<FactLibrary>().IngestAsync(null, TestContext.Current.CancellationToken);
        report.Added.Count.ShouldBe(5);
        var answer = await app.Services.GetRequiredService<IQuestionAnswerer>().AskAsync("when did vn troops free phnom penh", TestContext.Current.CancellationToken);
        answer.Text.ShouldContain("January 7, 1979");
    }

    [Fact]
    public void Ask_json_line_has_the_contract_field_names()
    {
        var line = AskVerb.Line("q", new Answer("A.", 0.5, false, [new Passage("T.", "d.txt", "Title", "2014", "VNA", 1.5)]));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.GetProperty("question").GetString().ShouldBe("q");
        root.GetProperty("answer").GetString().ShouldBe("A.");
        root.GetProperty("confidence").GetDouble().ShouldBe(0.5);
        root.GetProperty("declined").GetBoolean().ShouldBeFalse();
        var passage = root.GetProperty("passages")[0];
        passage.GetProperty("text").GetString().ShouldBe("T.");
        passage.GetProperty("document").GetString().ShouldBe("d.txt");
        passage.GetProperty("title").GetString().ShouldBe("Title");
        passage.GetProperty("date").GetString().ShouldBe("2014");
        passage.GetProperty("score").GetDouble().ShouldBe(1.5);
    }
}
