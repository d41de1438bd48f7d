using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Bot.Host.LocalConsole;
using Bot.Host.Tests.Platforms;
using Bot.Telegram.Formatting;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.BadInput;

/// <summary>The command layer (not the process's command line, which <c>EndToEnd/CommandLineTests</c> covers):
/// generated hostile command lines straight into the shared <see cref="CommandDispatcher"/> of a whole bot (real
/// store, corpus and platforms), read the way the console reads a line. Every reply is rendered for every platform
/// and checked; a non-moderator's line must leave the subscription store exactly as it was.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class CommandLayerBadInputTests : IAsyncLifetime
{
    public const int CaseCount = 1300;

    private BadInputBot _bot = null!;

    public async ValueTask InitializeAsync() => _bot = await BadInputBot.StartAsync();

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Hostile_command_lines_crash_nothing_change_nothing_for_members_and_get_well_formed_replies()
    {
        var dispatcher = _bot.Services.GetRequiredService<CommandDispatcher>();
        var names = dispatcher.Commands.Select(c => c.Name).ToList();
        var tally = new SuiteTally("Command layer");
        var cases = HostileInputs.Generate(CaseCount);
        for (var i = 0; i < cases.Count; i++)
        {
            var input = cases[i];
            var line = Line(input, names, i);
            var moderator = i % 3 == 0;
            var chat = (-1008000000000L - i).ToString(CultureInfo.InvariantCulture);
            var incoming = ConsoleChannel.Parse(line) with
            {
                Channel = new ChannelAddress("telegram", chat),
                Caller = new Caller((7100 + i).ToString(CultureInfo.InvariantCulture), "Hostile \u202eUser", moderator),
            };
            var where = $"case {i} ({input}) as {(moderator ? "moderator" : "member")}";
            var before = moderator ? null : _bot.SubscriptionSnapshot();
            CommandResult result;
            try
            {
                result = await dispatcher.DispatchAsync(incoming, TestContext.Current.CancellationToken);
            }
            catch (Exception ex)
            {
                tally.Problem(where, "threw " + ex);
                continue;
            }

            tally.Count(input.Category, (moderator ? "moderator " : "member ") + SuiteTally.OutcomeOf(result));
            if (before is not null && _bot.SubscriptionSnapshot() != before)
            {
                tally.Problem(where, "a member changed the subscription store");
            }

            if (result.Replies.Count == 0)
            {
                tally.Problem(where, "no reply");
            }

            foreach (var reply in result.Replies)
            {
                foreach (var html in TelegramHtml.Render(reply))
                {
                    tally.Problem(where + " [Telegram]", WellFormed.TelegramHtml(html));
                }

                foreach (var payload in DiscordRenderer.Render(reply))
                {
                    tally.Problem(where + " [Discord]", WellFormed.DiscordMessage(System.Text.Json.Nodes.JsonNode.Parse(DiscordJson.Serialize(payload))));
                }

                PlainText.Render(reply).ShouldNotBeNull();
            }
        }

        tally.Problem("host log", _bot.Failures().Select(l => l.ToString()));
        tally.Print();
        tally.Cases.ShouldBe(CaseCount, tally.Report());
        tally.Problems.ShouldBeEmpty(tally.Report());
    }

    /// <summary>The line a user would type: a hostile command name, a command missing its argument, a bad time or
    /// zone in its option, or a hostile argument for each command in turn.</summary>
    private static string Line(HostileInput input, IReadOnlyList<string> names, int index) => input.Category switch
    {
        "unknown-command" => "/" + input.Text,
        "missing-argument" => "/" + input.Text,
        "invalid-time" => index % 2 == 0 ? "/time " + input.Text : "/setup " + input.Text + " Asia/Phnom_Penh",
        "invalid-zone" => index % 2 == 0 ? "/timezone " + input.Text : "/setup 09:00 " + input.Text,
        _ => "/" + names[index / HostileInputs.Categories.Count % names.Count] + " " + input.Text,
    };
}
