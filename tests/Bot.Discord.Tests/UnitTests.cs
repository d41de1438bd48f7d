using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

public sealed class PermissionCalculatorTests
{
    private const ulong View = 1 << 10, Send = 1 << 11, Embed = 1 << 14, Admin = 1 << 3;

    private static string Bits(ulong permissions) => permissions.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(View | Send | Embed, "")]
    [InlineData(View | Send, "Embed Links")]
    [InlineData(View, "Send Messages and Embed Links")]
    [InlineData(0UL, "View Channel, Send Messages and Embed Links")]
    [InlineData(Admin, "")]
    public void App_permissions_name_the_rights_missing_to_post(ulong permissions, string missing)
    {
        var check = PermissionCalculator.CheckToPost("400", ChannelType.GuildText, Bits(permissions));

        check.CanPost.ShouldBe(missing == "");
        if (missing != "")
        {
            check.Problem!.ShouldStartWith($"I'm missing {missing} in <#400>.");
        }
    }

    [Fact]
    public void A_missing_permission_is_explained_with_where_to_grant_it()
    {
        var check = PermissionCalculator.CheckToPost("400", ChannelType.GuildText, Bits(View | Send));

        check.Problem.ShouldBe("I'm missing Embed Links in <#400>. A server admin can grant it under Server Settings → Roles (the bot's role), or for one channel under Edit Channel → Permissions");
    }

    [Fact]
    public void A_voice_channel_is_refused_whatever_the_permissions()
    {
        var check = PermissionCalculator.CheckToPost("400", 2, Bits(View | Send | Embed));

        check.Problem!.ShouldContain("not a text or announcement channel");
    }

    [Theory]
    [InlineData("32", true)]
    [InlineData("8", true)]
    [InlineData("40", true)]
    [InlineData("2248473465835073", false)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    [InlineData("garbage", false)]
    public void Moderators_have_manage_server_or_administrator(string? permissions, bool moderator) =>
        PermissionCalculator.IsModerator(permissions).ShouldBe(moderator);
}

public sealed class RendererTests
{
    [Fact]
    public void Plain_text_within_limits_is_one_message_with_no_mentions()
    {
        var parts = DiscordRenderer.Render(new OutgoingMessage("Hello @everyone") { Footer = "Try /help" });
        parts.Count.ShouldBe(1);
        parts[0].Content.ShouldBe("Hello @everyone\n\nTry /help");
        parts[0].AllowedMentions.Parse.ShouldBeEmpty();
        parts[0].AllowedMentions.Roles.ShouldBeNull();
        parts[0].Embeds.ShouldBeNull();
    }

    [Fact]
    public void Splitting_never_exceeds_the_limit_and_never_cuts_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 3000)); // 6,000 UTF-16 units, no spaces
        var parts = DiscordRenderer.Split(text, 2000);
        parts.ShouldAllBe(p => p.Length <= 2000 && !char.IsHighSurrogate(p[p.Length - 1]) && !char.IsLowSurrogate(p[0]));
        string.Concat(parts).ShouldBe(text);
    }

    [Fact]
    public void Long_titles_and_footers_are_trimmed_and_every_embed_message_fits()
    {
        var message = new OutgoingMessage(new string('x', 9000))
        {
            Title = new string('t', 400),
            Footer = new string('f', 3000),
            Citations = [new Citation("d", "Doc", null, null, "A quote.")],
        };
        var parts = DiscordRenderer.Render(message);
        parts[0].Embeds![0].Title!.Length.ShouldBeLessThanOrEqualTo(256);
        foreach (var part in parts)
        {
            part.Embeds!.Sum(e => e.CountedLength).ShouldBeLessThanOrEqualTo(6000);
            part.Embeds!.ShouldAllBe(e => e.Description == null || e.Description.Length <= 4096);
            part.Embeds!.ShouldAllBe(e => e.Footer == null || e.Footer.Text.Length <= 2048);
        }
    }

    [Fact]
    public void Choices_become_buttons_that_run_their_command()
    {
        var parts = DiscordRenderer.Render(new OutgoingMessage("Pick a zone") { Choices = [new MessageChoice("Phnom Penh", "/timezone Asia/Phnom_Penh")] });
        var row = parts[0].Components!.Single();
        row.Type.ShouldBe(1);
        row.Components!.Single().CustomId.ShouldBe("/timezone Asia/Phnom_Penh");
    }

    [Theory]
    [InlineData("short-key", 0, "short-key")]
    [InlineData("exactly-25-characters-key", 0, "exactly-25-characters-key")]
    public void The_first_nonce_is_the_key_itself(string key, int part, string expected) =>
        DiscordPlatform.NonceFor(key, part).ShouldBe(expected);

    [Fact]
    public void Other_nonces_are_stable_distinct_and_at_most_25_characters()
    {
        var longKey = new string('k', 40);
        DiscordPlatform.NonceFor(longKey, 0)!.Length.ShouldBe(25);
        DiscordPlatform.NonceFor("key", 1).ShouldBe(DiscordPlatform.NonceFor("key", 1));
        DiscordPlatform.NonceFor("key", 1).ShouldNotBe(DiscordPlatform.NonceFor("key", 2));
        DiscordPlatform.NonceFor(null, 0).ShouldBeNull();
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_global_limit_lets_n_requests_through_then_waits_a_window_after_their_answers()
    {
        var time = new FakeTimeProvider();
        var limiter = new GlobalRateLimiter(time, 50);
        var leases = new List<GlobalRateLimiter.Lease>();
        for (var i = 0; i < 50; i++)
        {
            var (lease, wait) = limiter.TryAcquire();
            lease.ShouldNotBeNull();
            wait.ShouldBe(TimeSpan.Zero);
            leases.Add(lease);
        }

        limiter.TryAcquire().Lease.ShouldBeNull(); // all 50 still in flight
        time.Advance(TimeSpan.FromMilliseconds(300)); // the answers come back 300 ms later
        leases.ForEach(l => l.Complete());
        limiter.TryAcquire().Wait.ShouldBe(GlobalRateLimiter.Window);

        var waiting = limiter.AcquireAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        waiting.IsCompleted.ShouldBeFalse();
        time.Advance(GlobalRateLimiter.Window);
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_global_429_blocks_every_sender_for_retry_after()
    {
        var time = new FakeTimeProvider();
        var limiter = new GlobalRateLimiter(time, 50);
        limiter.BlockFor(TimeSpan.FromSeconds(2));
        limiter.TryAcquire().Wait.ShouldBe(TimeSpan.FromSeconds(2));
        (await limiter.AcquireAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken)).ShouldBeNull();
        time.Advance(TimeSpan.FromSeconds(2));
        limiter.TryAcquire().Lease.ShouldNotBeNull();
    }

    [Fact]
    public void A_bucket_waits_only_when_exhausted_and_a_429_exhausts_it_for_everyone()
    {
        var now = DateTimeOffset.UnixEpoch;
        var bucket = new RouteBucket();
        bucket.Update(1, TimeSpan.FromSeconds(1), now);
        bucket.WaitTime(now).ShouldBe(TimeSpan.Zero);
        bucket.Update(0, TimeSpan.FromSeconds(1), now);
        bucket.WaitTime(now).ShouldBe(TimeSpan.FromSeconds(1) + RouteBucket.SafetyMargin);
        bucket.WaitTime(now.AddSeconds(1) + RouteBucket.SafetyMargin).ShouldBe(TimeSpan.Zero);
        bucket.Exhaust(TimeSpan.FromSeconds(3), now);
        bucket.WaitTime(now).ShouldBe(TimeSpan.FromSeconds(3) + RouteBucket.SafetyMargin);
    }

    [Theory]
    [InlineData("POST", "channels/123/messages", "POST channels/{channels}/messages", "123", true)]
    [InlineData("GET", "guilds/77/members/88", "GET guilds/{guilds}/members/{id}", "77", true)]
    [InlineData("POST", "interactions/55/tok/callback", "POST interactions/{id}/{token}/callback", "55", false)]
    [InlineData("PATCH", "webhooks/9/tok/messages/@original", "PATCH webhooks/{webhooks}/{token}/messages/@original", "9/tok", false)]
    [InlineData("PUT", "applications/1/commands", "PUT applications/{id}/commands", "", true)]
    public void Routes_map_to_buckets_by_top_level_resource(string method, string path, string routeKey, string major, bool global)
    {
        var route = RouteInfo.Describe(new HttpMethod(method), path);
        route.RouteKey.ShouldBe(routeKey);
        route.MajorKey.ShouldBe(major);
        route.Global.ShouldBe(global);
    }
}

public sealed class OptionsTests
{
    private static DiscordOptions Valid() => new() { Token = "test-token-0123456789abcdef", ApplicationId = "123456789012345678" };

    [Fact]
    public void No_token_means_off_and_no_error() => new DiscordOptions().Validate().ShouldBeNull();

    [Fact]
    public void Valid_settings_pass() => Valid().Validate().ShouldBeNull();

    [Theory]
    [InlineData("ApplicationId", "abc", "Discord:ApplicationId")]
    [InlineData("Mode", "Webhook", "Discord:Mode")]
    [InlineData("ApiBaseUrl", "discord.com", "Discord:ApiBaseUrl")]
    [InlineData("GatewayUrl", "http://x", "Discord:GatewayUrl")]
    [InlineData("DevGuildId", "guild", "Discord:DevGuildId")]
    [InlineData("Token", "Bot abc.def.ghi-0123456789", "Discord:Token")]
    public void A_bad_value_is_reported_in_one_line_naming_the_key(string key, string value, string named)
    {
        var options = Valid();
        typeof(DiscordOptions).GetProperty(key)!.SetValue(options, value);
        var problem = options.Validate();
        problem.ShouldNotBeNull();
        problem.ShouldStartWith(named);
        problem.ShouldNotContain("\n");
    }

    [Fact]
    public void Http_mode_needs_a_64_hex_public_key()
    {
        var options = Valid();
        options.Mode = "Http";
        options.Validate()!.ShouldStartWith("Discord:PublicKey");
        options.PublicKey = "zz";
        options.Validate()!.ShouldStartWith("Discord:PublicKey");
        options.PublicKey = new string('a', 64);
        options.Validate().ShouldBeNull();
    }

    [Fact]
    public void Shards_and_the_global_limit_are_checked()
    {
        var options = Valid();
        options.ShardCount = 2;
        options.ShardId = 2;
        options.Validate()!.ShouldStartWith("Discord:ShardId");
        options.ShardId = 1;
        options.GlobalRequestsPerSecond = 0;
        options.Validate()!.ShouldStartWith("Discord:GlobalRequestsPerSecond");
    }
}
