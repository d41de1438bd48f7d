using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Discord.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;

namespace Bot.Discord.Tests;

/// <summary>HTTP interactions mode: requests signed with an independent Ed25519 implementation (RFC 8032 in
/// BigInteger arithmetic), verified by the adapter with NSec.</summary>
public sealed class HttpInteractionsTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public void The_test_signer_matches_rfc_8032_test_vector_1()
    {
        var signer = new Ed25519Signer(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        signer.PublicKeyHex.ShouldBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Convert.ToHexString(signer.Sign([])).ToLowerInvariant().ShouldBe(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    [Fact]
    public void The_test_signer_and_nsec_agree()
    {
        var signer = Ed25519Signer.Random();
        var message = Encoding.UTF8.GetBytes("1700000000{\"type\":1}");
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, signer.PublicKey, KeyBlobFormat.RawPublicKey);
        SignatureAlgorithm.Ed25519.Verify(key, message, signer.Sign(message)).ShouldBeTrue();
    }

    private static async Task<(FakeDiscord Fake, BotUnderTest Bot, Ed25519Signer Signer, TestSetupCommand Setup)> StartAsync(TimeProvider? time = null)
    {
        var signer = Ed25519Signer.Random();
        var fake = await FakeDiscord.StartAsync();
        var setup = new TestSetupCommand();
        var bot = await BotUnderTest.StartAsync(fake, [new TestAskCommand(), setup], o =>
        {
            o.Mode = "Http";
            o.PublicKey = signer.PublicKeyHex;
        }, time: time);
        return (fake, bot, signer, setup);
    }

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static HttpRequestMessage Signed(BotUnderTest bot, Ed25519Signer signer, string body, string? timestamp = null, Func<string, string>? tamper = null)
    {
        timestamp ??= Stamp(DateTimeOffset.UtcNow);
        var signature = Convert.ToHexString(signer.Sign(Encoding.UTF8.GetBytes(timestamp + body))).ToLowerInvariant();
        var request = new HttpRequestMessage(HttpMethod.Post, bot.Url + "/discord/interactions")
        {
            Content = new StringContent(tamper?.Invoke(body) ?? body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return request;
    }

    [Fact]
    public async Task A_signed_ping_is_answered_with_pong()
    {
        var (fake, bot, signer, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        using var response = await Http.SendAsync(Signed(bot, signer, """{"id":"1","application_id":"800000000000000001","type":1,"token":"t","version":1}"""), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["type"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Tampered_unsigned_or_wrongly_signed_requests_get_401()
    {
        var (fake, bot, signer, setup) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;
        var body = Payloads.Setup(Payloads.ManageGuild).ToJsonString();
        var ct = TestContext.Current.CancellationToken;

        using var tamperedBody = await Http.SendAsync(Signed(bot, signer, body, tamper: b => b.Replace("08:00", "09:00", StringComparison.Ordinal)), ct);
        tamperedBody.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var request = Signed(bot, signer, body, timestamp: Stamp(DateTimeOffset.UtcNow));
        request.Headers.Remove("X-Signature-Timestamp");
        request.Headers.Add("X-Signature-Timestamp", Stamp(DateTimeOffset.UtcNow.AddSeconds(1)));
        using var tamperedTimestamp = await Http.SendAsync(request, ct);
        tamperedTimestamp.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var unsigned = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, bot.Url + "/discord/interactions") { Content = new StringContent(body) }, ct);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var otherKey = await Http.SendAsync(Signed(bot, Ed25519Signer.Random(), body), ct);
        otherKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var garbage = Signed(bot, signer, body);
        garbage.Headers.Remove("X-Signature-Ed25519");
        garbage.Headers.Add("X-Signature-Ed25519", "not-hex");
        using var badSignature = await Http.SendAsync(garbage, ct);
        badSignature.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        setup.Runs.ShouldBe(0);
    }

    [Fact]
    public async Task A_signed_command_is_accepted_and_answered_in_the_http_response()
    {
        var (fake, bot, signer, setup) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        using var response = await Http.SendAsync(Signed(bot, signer, Payloads.Setup(Payloads.ManageGuild).ToJsonString()), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        json["type"]!.GetValue<int>().ShouldBe(4);
        json["data"]!["flags"]!.GetValue<int>().ShouldBe(64);
        json["data"]!["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        setup.Runs.ShouldBe(1);
    }

    /// <summary>A captured request verifies forever; its signed timestamp is what limits how long it can be replayed.
    /// Five minutes either way of the bot's clock is accepted, a second more is not.</summary>
    [Theory]
    [InlineData(-301, HttpStatusCode.Unauthorized)]
    [InlineData(-300, HttpStatusCode.OK)]
    [InlineData(300, HttpStatusCode.OK)]
    [InlineData(301, HttpStatusCode.Unauthorized)]
    public async Task A_request_signed_more_than_five_minutes_from_now_gets_401_and_runs_nothing(int signedSecondsFromNow, HttpStatusCode expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-07T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (fake, bot, signer, setup) = await StartAsync(time);
        await using var _fake = fake;
        await using var _bot = bot;
        var body = Payloads.Setup(Payloads.ManageGuild).ToJsonString();

        using var response = await Http.SendAsync(Signed(bot, signer, body, Stamp(time.GetUtcNow().AddSeconds(signedSecondsFromNow))), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(expected);
        setup.Runs.ShouldBe(expected == HttpStatusCode.OK ? 1 : 0);
    }

    [Fact]
    public async Task A_replayed_interaction_is_answered_once()
    {
        var (fake, bot, signer, setup) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;
        var body = Payloads.Setup(Payloads.ManageGuild).ToJsonString();
        var stamp = Stamp(DateTimeOffset.UtcNow);
        var ct = TestContext.Current.CancellationToken;

        using var first = await Http.SendAsync(Signed(bot, signer, body, stamp), ct);
        using var replay = await Http.SendAsync(Signed(bot, signer, body, stamp), ct);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        replay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        setup.Runs.ShouldBe(1);
    }

    [Fact]
    public async Task Copies_of_one_interaction_sent_at_the_same_moment_are_answered_once()
    {
        var (fake, bot, signer, setup) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;
        var body = Payloads.Setup(Payloads.ManageGuild).ToJsonString();
        var stamp = Stamp(DateTimeOffset.UtcNow);
        var ct = TestContext.Current.CancellationToken;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Http.SendAsync(Signed(bot, signer, body, stamp), ct)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        setup.Runs.ShouldBe(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>The bot forgets an interaction id once its timestamp is stale, so its memory stays a few minutes of
    /// traffic; a copy sent after that is still refused, as stale.</summary>
    [Fact]
    public async Task A_replay_after_the_id_is_forgotten_is_refused_as_stale()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-07T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (fake, bot, signer, setup) = await StartAsync(time);
        await using var _fake = fake;
        await using var _bot = bot;
        var body = Payloads.Setup(Payloads.ManageGuild).ToJsonString();
        var stamp = Stamp(time.GetUtcNow());
        var ct = TestContext.Current.CancellationToken;
        using var first = await Http.SendAsync(Signed(bot, signer, body, stamp), ct);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var other = await Http.SendAsync(Signed(bot, signer, Payloads.Setup(Payloads.ManageGuild).ToJsonString(), Stamp(time.GetUtcNow())), ct);
        using var replay = await Http.SendAsync(Signed(bot, signer, body, stamp), ct);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        setup.Runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_repeated_ping_is_answered_each_time()
    {
        var (fake, bot, signer, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;
        const string Ping = """{"id":"2","application_id":"800000000000000001","type":1,"token":"t","version":1}""";
        var stamp = Stamp(DateTimeOffset.UtcNow);
        var ct = TestContext.Current.CancellationToken;

        using var first = await Http.SendAsync(Signed(bot, signer, Ping, stamp), ct);
        using var again = await Http.SendAsync(Signed(bot, signer, Ping, stamp), ct);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
