using System.Text.Json;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>The verbs as a script or a user runs them, on the real binary and the default corpus.</summary>
[Trait("Category", "Slow")]
public sealed class VerbTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Ask_json_reads_questions_from_stdin_and_writes_one_object_per_line()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["ask", "--json"], input: "When did Vietnamese troops liberate Phnom Penh?\nWhat is the capital of France?\n");

        bot.ExitCode.ShouldBe(0, bot.Errors);
        var lines = bot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        using var answered = JsonDocument.Parse(lines[0]);
        answered.RootElement.GetProperty("declined").GetBoolean().ShouldBeFalse();
        answered.RootElement.GetProperty("answer").GetString()!.ShouldContain("1979");
        var passage = answered.RootElement.GetProperty("passages")[0];
        passage.GetProperty("document").GetString().ShouldEndWith(".txt");
        passage.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        using var declined = JsonDocument.Parse(lines[1]);
        declined.RootElement.GetProperty("declined").GetBoolean().ShouldBeTrue();
        declined.RootElement.GetProperty("passages").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_document_added_to_the_corpus_is_answerable_after_ingest()
    {
        using var workspace = new BotWorkspace();
        var corpus = Directory.CreateDirectory(Path.Combine(workspace.Folder, "corpus")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(BotProcess.RepositoryRoot, "config", "corpus")))
        {
            File.Copy(file, Path.Combine(corpus, Path.GetFileName(file)));
        }

        var environment = new Dictionary<string, string> { ["Corpus__Path"] = corpus };
        await using (var before = await BotProcess.RunAsync(workspace, ["ask", "--json", "Who founded the Tonle Sap Lantern Archive?"], environment: environment))
        {
            before.Output.ShouldContain("\"declined\":true");
        }

        await File.WriteAllTextAsync(Path.Combine(corpus, "lantern.txt"), """
            Lantern Archive Opens in Siem Reap

            Siem Reap, March 3, 2025 – The Tonle Sap Lantern Archive was founded by historian Sokha Meas to preserve testimonies of survivors of the Khmer Rouge regime.
            """, TestContext.Current.CancellationToken);
        await using var ingest = await BotProcess.RunAsync(workspace, ["ingest"], environment: environment);
        ingest.ExitCode.ShouldBe(0, ingest.Errors);
        ingest.Output.ShouldContain("lantern.txt");

        await using var after = await BotProcess.RunAsync(workspace, ["ask", "--json", "Who founded the Tonle Sap Lantern Archive?"], environment: environment);
        after.Output.ShouldContain("Sokha Meas");
        after.Output.ShouldContain("lantern.txt");
    }

    [Fact]
    public async Task Preview_shows_the_January_7_post_at_nine_local_naming_the_48th_anniversary_with_citations()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["preview", "--from", "2027-01-06", "--days", "3", "--tz", "Asia/Phnom_Penh", "--json"]);

        bot.ExitCode.ShouldBe(0, bot.Errors);
        using var posts = JsonDocument.Parse(bot.Output);
        var january7 = posts.RootElement.EnumerateArray().Single(p => p.GetProperty("localDate").GetString() == "2027-01-07");
        january7.GetProperty("localTime").GetString().ShouldBe("2027-01-07T09:00");
        january7.GetProperty("utc").GetString().ShouldBe("2027-01-07T02:00:00Z");
        january7.GetProperty("ordinal").GetString().ShouldBe("48th");
        january7.GetProperty("citations").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Preview_with_an_unknown_time_zone_says_what_is_valid()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["preview", "--tz", "Mars/Base"]);

        bot.ExitCode.ShouldNotBe(0);
        (bot.Output + bot.Errors).ShouldContain("Mars/Base");
    }
}
