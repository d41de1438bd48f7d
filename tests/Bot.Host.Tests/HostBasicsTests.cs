using Bot.Host;
using Bot.Host.LocalConsole;
using Bot.Host.Verbs;
using Shouldly;

namespace Bot.Host.Tests;

public sealed class VerbArgumentsTests
{
    [Fact]
    public void Verb_options_are_not_mistaken_for_settings()
    {
        VerbArguments.Options(["preview", "--json", "--days", "3", "--Urls=http://127.0.0.1:9000"])
            .ShouldBe(["--Urls=http://127.0.0.1:9000"]);
    }

    [Fact]
    public void First_word_is_the_verb_and_the_rest_goes_to_it()
    {
        string[] args = ["ask", "--json"];

        VerbArguments.Verb(args).ShouldBe("ask");
        VerbArguments.Rest(args).ShouldBe(["--json"]);
    }

    [Fact]
    public void No_arguments_runs_the_bot()
    {
        VerbArguments.Verb([]).ShouldBeNull();
        VerbArguments.Verb(["--Urls=http://127.0.0.1:9000"]).ShouldBeNull();
    }

    [Fact]
    public void Option_value_follows_its_name()
    {
        VerbArguments.Value(["--from", "2027-01-06", "--days", "3"], "--days").ShouldBe("3");
        VerbArguments.Value(["--days"], "--days").ShouldBeNull();
    }
}

public sealed class ConsoleChannelTests
{
    [Fact]
    public void A_line_without_a_slash_is_a_question()
    {
        var command = ConsoleChannel.Parse("  when did the regime fall?  ");

        command.Name.ShouldBe("ask");
        command.Arguments.ShouldBe("when did the regime fall?");
        command.Caller.IsModerator.ShouldBeTrue();
    }

    [Fact]
    public void A_slash_command_keeps_its_arguments()
    {
        var command = ConsoleChannel.Parse("/time 08:30");

        command.Name.ShouldBe("time");
        command.Arguments.ShouldBe("08:30");
        command.Channel.ShouldBe(ConsolePlatform.Local);
    }
}

public sealed class BotPathsTests
{
    [Fact]
    public void Relative_paths_resolve_against_the_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "bot-root");
        var paths = new BotPaths(root);

        paths.Resolve("config/corpus").ShouldBe(Path.Combine(root, "config", "corpus"));
        paths.Resolve("/abs/file").ShouldBe("/abs/file");
    }
}
