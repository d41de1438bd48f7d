using System.Text.Json.Nodes;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Bot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Discord.Tests;

/// <summary>Scheduled posts through <see cref="DiscordPlatform"/> against the fake Discord's REST endpoints.</summary>
public sealed class SendingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (DiscordPlatform Platform, DiscordRestClient Client) Create(FakeDiscord fake, Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions { Token = "test-token-0123456789abcdef", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = fake.ApiBase };
        configure?.Invoke(options);
        var rest = new DiscordRestClient(new HttpClient(), options, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        return (new DiscordPlatform(rest, TimeProvider.System, NullLogger<DiscordPlatform>.Instance), rest);
    }

    private static ChannelAddress Channel(int n) => new("discord", (600000000000001000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture), FakeDiscord.GuildId);

    private static OutgoingMessage Post(string text = "On 7 January 1979 the Khmer Rouge regime fell.") => new(text)
    {
        Title = "On this day",
        Citations = [new Citation("doc-1", "Victory over genocide", "2024-01-07", "VNA", "Phnom Penh was liberated on 7 January 1979.")],
    };

    [Fact]
    public async Task The_nonce_is_the_key_with_enforce_nonce_and_a_retry_after_an_unknown_outcome_posts_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        var channel = Channel(1);
        fake.AcceptThen500[channel.ChannelId] = 1; // Discord stored the message, then the answer was lost

        var first = await platform.SendAsync(channel, Post(), "post:2025-01-07:42", Ct);
        var retry = await platform.SendAsync(channel, Post(), "post:2025-01-07:42", Ct);

        platform.DeduplicatesByKey.ShouldBeTrue();
        first.Outcome.ShouldBe(SendOutcome.Retryable);
        retry.Outcome.ShouldBe(SendOutcome.Sent);
        var requests = fake.RequestsTo("POST", $"/channels/{channel.ChannelId}/messages").ToList();
        requests.Count.ShouldBe(2);
        requests.ShouldAllBe(r => r.Json!["nonce"]!.ToString() == "post:2025-01-07:42" && r.Json!["enforce_nonce"]!.GetValue<bool>());
        fake.Messages.Count(m => m.ChannelId == channel.ChannelId).ShouldBe(1);
        retry.MessageId.ShouldBe(fake.Messages.Single().Id);
    }

    [Fact]
    public async Task Every_post_sets_allowed_mentions_to_none_except_the_one_role_of_a_scheduled_post()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);

        await platform.SendAsync(Channel(2), Post("@everyone look"), "k1", Ct);
        await platform.SendAsync(Channel(3), Post() with { MentionRoleId = "400000000000000001" }, "k2", Ct);

        var plain = fake.Messages.Single(m => m.ChannelId == Channel(2).ChannelId).Body;
        plain["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        var withRole = fake.Messages.Single(m => m.ChannelId == Channel(3).ChannelId).Body;
        withRole["content"]!.ToString().ShouldBe("<@&400000000000000001>");
        withRole["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[],"roles":["400000000000000001"]}""");
    }

    [Fact]
    public async Task A_429_returns_retry_after_and_the_next_send_waits_instead_of_hitting_it_again()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, rest) = Create(fake);
        var channel = Channel(4);
        fake.Forced429[channel.ChannelId] = 1;
        fake.Forced429RetryAfter = 0.4;

        var limited = await platform.SendAsync(channel, Post(), "k-429", Ct);
        limited.Outcome.ShouldBe(SendOutcome.Retryable);
        limited.RetryAfter!.Value.TotalSeconds.ShouldBe(0.4, 0.01);

        var sent = await platform.SendAsync(channel, Post(), "k-429", Ct);
        sent.Outcome.ShouldBe(SendOutcome.Sent);
        var times = fake.RequestsTo("POST", $"/channels/{channel.ChannelId}/messages").Select(r => r.At).ToList();
        (times[1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));
        rest.InvalidRequestsLast10Minutes.ShouldBe(1);
    }

    [Fact]
    public async Task Sends_to_one_channel_respect_its_bucket_without_a_single_429()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.ChannelBucketLimit = 5;
        var (platform, rest) = Create(fake);
        var channel = Channel(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => platform.SendAsync(channel, Post(), "k-bucket-" + i, Ct)));

        results.Where(r => r.Outcome != SendOutcome.Sent).Select(r => r.Reason).ShouldBeEmpty();
        fake.BucketViolations.ShouldBe(0);
        rest.InvalidRequestsLast10Minutes.ShouldBe(0);
        fake.Messages.Count.ShouldBe(12);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Posts_to_many_channels_stay_under_the_global_limit_and_a_second_run_duplicates_nothing()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, rest) = Create(fake, o => o.GlobalRequestsPerSecond = 25);
        var channels = Enumerable.Range(100, 60).Select(Channel).ToList();

        var started = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(channels.Select(c => platform.SendAsync(c, Post(), "jan7:" + c.ChannelId[^6..], Ct)));
        var elapsed = DateTimeOffset.UtcNow - started;

        results.ShouldAllBe(r => r.Outcome == SendOutcome.Sent);
        fake.MaxGlobalRequestsPerSecond().ShouldBeLessThanOrEqualTo(25);
        elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(2)); // 60 requests at 25 per second
        rest.InvalidRequestsLast10Minutes.ShouldBe(0);

        // the whole run again (a crash before the ledger was updated): Discord's nonce check returns the same messages
        var again = await Task.WhenAll(channels.Select(c => platform.SendAsync(c, Post(), "jan7:" + c.ChannelId[^6..], Ct)));
        again.Select(r => r.MessageId).ShouldBe(results.Select(r => r.MessageId));
        fake.Messages.Count.ShouldBe(60);
    }

    [Fact]
    public async Task Missing_access_and_unknown_channel_are_permanent_with_the_reason_and_not_retried_at_once()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, rest) = Create(fake);
        fake.ForbiddenChannels.Add(Channel(6).ChannelId);
        fake.MissingChannels.Add(Channel(7).ChannelId);

        var forbidden = await platform.SendAsync(Channel(6), Post(), "k6", Ct);
        var missing = await platform.SendAsync(Channel(7), Post(), "k7", Ct);
        var again = await platform.SendAsync(Channel(6), Post(), "k6", Ct);

        forbidden.Outcome.ShouldBe(SendOutcome.Permanent);
        forbidden.Reason!.ShouldContain("Missing Access");
        missing.Outcome.ShouldBe(SendOutcome.Permanent);
        missing.Reason!.ShouldContain("Unknown Channel");
        again.Outcome.ShouldBe(SendOutcome.Permanent);
        fake.RequestsTo("POST", $"/channels/{Channel(6).ChannelId}/messages").Count().ShouldBe(1); // learned from the 403
        rest.InvalidRequestsLast10Minutes.ShouldBe(1);
    }

    [Fact]
    public async Task Server_errors_and_timeouts_are_retryable()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        fake.AcceptThen500[Channel(8).ChannelId] = 1;
        (await platform.SendAsync(Channel(8), Post(), "k8", Ct)).Outcome.ShouldBe(SendOutcome.Retryable);

        var (unreachable, _) = Create(fake, o => o.ApiBaseUrl = "http://127.0.0.1:9/api/v10");
        (await unreachable.SendAsync(Channel(9), Post(), "k9", Ct)).Outcome.ShouldBe(SendOutcome.Retryable);
    }

    [Fact]
    public async Task Long_posts_are_split_within_discords_limits_each_part_with_its_own_stable_nonce()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        var paragraph = string.Join(' ', Enumerable.Repeat("The regime fell on 7 January 1979.", 40));
        var longText = string.Join("\n\n", Enumerable.Repeat(paragraph, 4)); // about 5,500 characters

        var result = await platform.SendAsync(Channel(10), new OutgoingMessage(longText), "k-long", Ct);
        var embedResult = await platform.SendAsync(Channel(11), Post(longText), "k-long-embed", Ct);

        result.Outcome.ShouldBe(SendOutcome.Sent);
        embedResult.Outcome.ShouldBe(SendOutcome.Sent);
        var plain = fake.Messages.Where(m => m.ChannelId == Channel(10).ChannelId).ToList();
        plain.Count.ShouldBeGreaterThan(1);
        plain.ShouldAllBe(m => m.Body["content"]!.ToString().Length <= 2000);
        plain.Select(m => m.Nonce).Distinct().Count().ShouldBe(plain.Count);
        plain[0].Nonce.ShouldBe("k-long");
        plain.ShouldAllBe(m => m.Nonce!.Length <= 25);
        string.Join(" ", plain.Select(m => m.Body["content"]!.ToString())).Replace("\n\n", " ", StringComparison.Ordinal).Length.ShouldBeGreaterThan(longText.Length - 20);

        var embedded = fake.Messages.Where(m => m.ChannelId == Channel(11).ChannelId).ToList();
        embedded.Sum(m => m.Body["embeds"]!.AsArray().Count).ShouldBeGreaterThan(1);
        foreach (var message in embedded)
        {
            var embeds = message.Body["embeds"]!.AsArray();
            embeds.Count.ShouldBeLessThanOrEqualTo(10);
            embeds.Sum(e => Counted(e!)).ShouldBeLessThanOrEqualTo(6000);
            embeds.ShouldAllBe(e => (e!["description"] == null ? 0 : e["description"]!.ToString().Length) <= 4096);
        }

        Footer(embedded[^1]).ShouldContain("Victory over genocide");

        // far too long: trimmed deliberately at five messages, the last one saying so
        var huge = string.Join("\n\n", Enumerable.Repeat(paragraph, 20));
        (await platform.SendAsync(Channel(12), new OutgoingMessage(huge), "k-huge", Ct)).Outcome.ShouldBe(SendOutcome.Sent);
        var trimmed = fake.Messages.Where(m => m.ChannelId == Channel(12).ChannelId).ToList();
        trimmed.Count.ShouldBe(DiscordRenderer.MaxParts);
        trimmed[^1].Body["content"]!.ToString().ShouldEndWith("…");

        // a retry of the split post creates nothing new
        (await platform.SendAsync(Channel(11), Post(longText), "k-long-embed", Ct)).Outcome.ShouldBe(SendOutcome.Sent);
        fake.Messages.Count(m => m.ChannelId == Channel(11).ChannelId).ShouldBe(embedded.Count);
    }

    private static string Footer(StoredMessage message) => message.Body["embeds"]!.AsArray()[^1]!["footer"]!["text"]!.ToString();

    private static int Counted(JsonNode embed) =>
        (embed["title"]?.ToString().Length ?? 0) + (embed["description"]?.ToString().Length ?? 0) + (embed["footer"]?["text"]?.ToString().Length ?? 0);

    [Fact]
    public async Task A_refusal_is_remembered_until_forgotten_and_the_next_send_then_goes_through()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        var channel = Channel(25);
        fake.ForbiddenChannels.Add(channel.ChannelId);
        (await platform.SendAsync(channel, Post(), "k-refused", Ct)).Outcome.ShouldBe(SendOutcome.Permanent);
        fake.ForbiddenChannels.Remove(channel.ChannelId);
        (await platform.SendAsync(channel, Post(), "k-remembered", Ct)).Outcome.ShouldBe(SendOutcome.Permanent);

        platform.ForgetRefusal(channel.ChannelId);

        (await platform.SendAsync(channel, Post(), "k-granted", Ct)).Outcome.ShouldBe(SendOutcome.Sent);
    }

    [Fact]
    public async Task The_preflight_without_an_interaction_reads_the_channel_and_never_looks_the_bot_up()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);

        (await platform.CheckCanPostAsync(Channel(20), Ct)).ShouldBe(PostingCheck.Ok);

        fake.RequestsTo("GET", "/channels/" + Channel(20).ChannelId).Count().ShouldBe(1);
        fake.RequestsTo("GET", "/guilds/").ShouldBeEmpty();
        fake.RequestsTo("GET", "/users/").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_preflight_of_a_hidden_channel_asks_for_view_channel_and_says_where_to_grant_it()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        fake.ForbiddenChannels.Add(Channel(22).ChannelId);

        var check = await platform.CheckCanPostAsync(Channel(22), Ct);

        check.CanPost.ShouldBeFalse();
        check.Problem.ShouldBe($"I can't see <#{Channel(22).ChannelId}>: I need View Channel there. A server admin can grant it under Server Settings → Roles (the bot's role), or for one channel under Edit Channel → Permissions");
    }

    [Fact]
    public async Task The_preflight_of_a_voice_channel_says_it_takes_no_posts()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var (platform, _) = Create(fake);
        fake.Channels[Channel(23).ChannelId] = new JsonObject { ["id"] = Channel(23).ChannelId, ["type"] = 2, ["guild_id"] = FakeDiscord.GuildId };

        (await platform.CheckCanPostAsync(Channel(23), Ct)).Problem!.ShouldContain("not a text or announcement channel");
    }

    [Fact]
    public async Task The_preflight_leaves_the_answer_to_the_send_when_discord_does_not_answer()
    {
        await using var fake = await FakeDiscord.StartAsync();
        // Nothing listens on the discard port: the connection is refused, as when Discord is unreachable.
        var (platform, _) = Create(fake, o => o.ApiBaseUrl = "http://127.0.0.1:9/api/v10");

        var check = await platform.CheckCanPostAsync(Channel(24), Ct);

        check.ShouldBe(PostingCheck.Ok);
        check.Problem.ShouldBeNull();
    }
}
