using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Discord.Tests.Fakes;
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

    private static async Task<(FakeDiscord Fake, BotUnderTest Bot, Ed25519Signer Signer, TestSetupCommand Setup)> StartAsync()
    {
        var signer = Ed25519Signer.Random();
        var fake = await FakeDiscord.StartAsync();
        var setup = new TestSetupCommand();
        var bot = await BotUnderTest.StartAsync(fake, [new TestAskCommand(), setup], o =>
        {
            o.Mode = "Http";
            o.PublicKey = signer.PublicKeyHex;
        });
        return (fake, bot, signer, setup);
    }

    private static HttpRequestMessage Signed(BotUnderTest bot, Ed25519Signer signer, string body, string? timestamp = null, Func<string, string>? tamper = null)
    {
        timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
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

        var request = Signed(bot, signer, body, timestamp: "1700000000");
        request.Headers.Remove("X-Signature-Timestamp");
        request.Headers.Add("X-Signature-Timestamp", "1700000001");
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
}
