using Bot.Host;
using Bot.Host.Verbs;
using Bot.Storage.Facts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.Facts;

/// <summary><c>facts --date</c> over the default corpus ingested into a real SQLite file.</summary>
public sealed class FactsVerbTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facts-verb-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = BotHost.CreateBuilder(["facts", $"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, "bot.db")}"]);
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
        var exit = await FactsVerb.RunAsync(args, _app.Services, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Month_and_day_alone_list_that_days_facts()
    {
        var (exit, output, _) = await Run("--date", "01-07");
        exit.ShouldBe(0);
        output.ShouldContain("on January 7:");
        output.ShouldContain("1979: ");
    }

    [Fact]
    public async Task A_full_date_lists_the_same_days_facts()
    {
        var withYear = await Run("--date", "2025-01-07");
        var without = await Run("--date", "01-07");
        withYear.Exit.ShouldBe(0);
        withYear.Output.ShouldBe(without.Output);
    }

    [Theory]
    [InlineData("02-30", "February has 29 days")]
    [InlineData("13-07", "the month must be 01 to 12")]
    [InlineData("January 7", "is not a date")]
    public async Task A_bad_date_gets_one_line_and_a_non_zero_exit(string date, string fault)
    {
        var (exit, output, error) = await Run("--date", date);
        exit.ShouldNotBe(0);
        output.ShouldBeEmpty();
        error.ShouldContain(fault);
        error.Trim().ShouldNotContain('\n');
    }

    [Fact]
    public async Task A_missing_date_names_the_forms()
    {
        var (exit, _, error) = await Run();
        exit.ShouldBe(2);
        error.ShouldContain("MM-DD or YYYY-MM-DD");
    }
}
