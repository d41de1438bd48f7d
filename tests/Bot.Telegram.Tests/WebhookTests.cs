using System.Net;
using System.Text;
using Bot.Core.Commands;
using Bot.Telegram.Receiving;
using Bot.Telegram.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace Bot.Telegram.Tests;

/// <summary>Webhook mode: the bot's own web server receives updates at /telegram/webhook.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook-Secret_42";

    private readonly TestRecordCommand _record = new();
    private FakeBotApi _api = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<TelegramOptions>(o =>
        {
            o.Token = FakeBotApi.Token;
            o.ApiBaseUrl = _api.BaseUrl;
            o.Mode = "Webhook";
            o.WebhookUrl = "https://bot.example.org/telegram/webhook";
            o.WebhookSecret = Secret;
            o.PerChatInterval = TimeSpan.Zero;
        });
        builder.Services.AddSingleton<IBotCommand>(_record);
        builder.Services.AddTelegramAdapter();
        _app = builder.Build();
        _app.MapTelegramWebhook();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static string UpdateJson(int id, string text) =>
        $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id}}},"date":1700000000,"chat":{"id":61,"type":"private","first_name":"A"},"from":{"id":61,"is_bot":false,"first_name":"A"},"text":"{{{text}}}"}}""";

    private Task<HttpResponseMessage> PostAsync(string json, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add(TelegramOptions.SecretHeader, secret);
        }

        return _http.SendAsync(request);
    }

    [Fact]
    public async Task A_request_without_the_secret_or_with_a_wrong_one_gets_401_and_is_not_processed()
    {
        using var missing = await PostAsync(UpdateJson(1, "/rec missing"), null);
        using var wrong = await PostAsync(UpdateJson(2, "/rec wrong"), "webhook-Secret_43");

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await _app.Services.GetRequiredService<UpdateIntake>().WhenIdleAsync(CancellationToken.None);
        _record.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_request_with_the_secret_is_handled_once_even_when_redelivered()
    {
        using var first = await PostAsync(UpdateJson(3, "/rec hello"), Secret);
        using var again = await PostAsync(UpdateJson(3, "/rec hello"), Secret);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        await _record.Changed.WhenAsync(() => !_record.Calls.IsEmpty, "the update to be handled");
        await _app.Services.GetRequiredService<UpdateIntake>().WhenIdleAsync(CancellationToken.None);
        _record.Calls.ShouldHaveSingleItem().Arguments.ShouldBe("hello");
    }

    [Fact]
    public async Task The_webhook_is_registered_with_its_secret_and_no_polling_happens()
    {
        await _api.WhenAsync(() => _api.Calls("setWebhook").Count == 1, "setWebhook");

        var registration = _api.Calls("setWebhook").Single();
        registration.Body["url"]!.GetValue<string>().ShouldBe("https://bot.example.org/telegram/webhook");
        registration.Body["secret_token"]!.GetValue<string>().ShouldBe(Secret);
        _api.Calls("getUpdates").ShouldBeEmpty();
    }
}
