using Bot.Host;
using Bot.Host.Verbs;
using Bot.Storage.Facts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.Facts;

/// <summary><c>ask --today</c> over the default corpus ingested into a real SQLite file: date questions count from
/// the day given, as a shifted clock would.</summary>
public sealed class AskVerbTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ask-verb-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = BotHost.CreateBuilder(["ask", $"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, "bot.db")}"]);
        builder.AddStore().AddFactStore();
        _app = builder.Build();
        await _app.Services.GetRequiredService<FactLibrary>().IngestAsync(null, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AskVerb.RunAsync(args, _app.Services, TextReader.Null, output, error, inputRedirected: false, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("2031-03-01", "52 years")]
    [InlineData("2040-06-01", "61 years")]
    public async Task Years_ago_count_from_the_day_given(string today, string expected)
    {
        var (exit, output, _) = await Run("--today", today, "how many years ago did vietnamese troops liberate phnom penh");
        exit.ShouldBe(0);
        output.ShouldStartWith(expected);
    }

    [Fact]
    public async Task A_day_that_is_not_a_date_is_refused_with_exit_code_2()
    {
        var (exit, output, error) = await Run("--today", "2031-13-01", "how many years ago did vietnamese troops liberate phnom penh");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("--today '2031-13-01' is not a date");
    }
}
