using System.Text;
using Bot.Host.Tests.Platforms;
using Bot.Telegram.Receiving;
using Bot.Testing;
using Bot.Testing.Discord;
using Bot.Testing.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Host.Tests.BadInput;

/// <summary>One whole bot for a batch of hostile inputs: composed as Program.cs composes it, with Telegram in webhook
/// mode against <see cref="FakeBotApi"/> and Discord in HTTP-interactions mode against <see cref="FakeDiscord"/>,
/// its endpoints served on 127.0.0.1, and every log line (the host's and ASP.NET Core's) captured.</summary>
public sealed class BadInputBot : IAsyncDisposable
{
    public const string WebhookSecret = "bad-input-webhook-secret_0123456789";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopTicking = new();
    private readonly Task _ticking;

    private BadInputBot(WebApplication app, FakeTimeProvider clock, BotFolder folder, FakeBotApi telegram, FakeDiscord discord, Ed25519Signer signer, CapturingLoggerProvider logs)
    {
        _app = app;
        _ticking = TickAsync(clock, _stopTicking.Token);
        Clock = clock;
        Folder = folder;
        Telegram = telegram;
        Discord = discord;
        Signer = signer;
        Logs = logs;
        Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    public BotFolder Folder { get; }

    /// <summary>The bot's clock: a signed interaction's timestamp must be fresh on it.</summary>
    public TimeProvider Clock { get; }

    public FakeBotApi Telegram { get; }

    public FakeDiscord Discord { get; }

    /// <summary>Signs HTTP interactions as Discord would (the bot is configured with its public key).</summary>
    public Ed25519Signer Signer { get; }

    public CapturingLoggerProvider Logs { get; }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="extra">More <c>--Key=value</c> settings (a corpus folder, for instance).</param>
    public static async Task<BadInputBot> StartAsync(params string[] extra)
    {
        var folder = new BotFolder();
        var telegram = await FakeBotApi.StartAsync();
        var discord = await FakeDiscord.StartAsync();
        discord.GuildRoles = [new System.Text.Json.Nodes.JsonObject { ["id"] = FakeDiscord.GuildId, ["name"] = "@everyone", ["permissions"] = "19456", ["position"] = 0 }];
        var signer = Ed25519Signer.Random();
        var logs = new CapturingLoggerProvider();
        string[] args =
        [
            .. folder.HostArguments,
            $"--Telegram:Token={FakeBotApi.Token}",
            $"--Telegram:ApiBaseUrl={telegram.BaseUrl}",
            "--Telegram:Mode=Webhook",
            "--Telegram:WebhookUrl=https://bot.example.invalid/telegram/webhook",
            $"--Telegram:WebhookSecret={WebhookSecret}",
            // The suite is about what the bot says, not about pacing: no reply waits for a rate limit's window.
            "--Telegram:GlobalMessagesPerSecond=100000",
            "--Telegram:GroupMessagesPerMinute=100000",
            "--Telegram:PerChatInterval=00:00:00",
            "--Discord:Token=bad-input-test-token-0123456789",
            $"--Discord:ApplicationId={FakeDiscord.ApplicationId}",
            $"--Discord:ApiBaseUrl={discord.ApiBase}",
            "--Discord:Mode=Http",
            $"--Discord:PublicKey={signer.PublicKeyHex}",
            .. extra,
        ];
        var builder = BotHost.Compose(BotHost.CreateBuilder(args));
        builder.Services.RemoveAll<TimeProvider>();
        var clock = new FakeTimeProvider(AnniversaryMorning.PostTime - TimeSpan.FromHours(3));
        builder.Services.AddSingleton<TimeProvider>(clock);

        // Serilog's factory would swallow other providers: the captured log replaces it for the test.
        builder.Services.RemoveAll<ILoggerFactory>();
        builder.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Information }));

        var app = builder.Build();
        foreach (var mapping in app.Services.GetServices<EndpointMapping>())
        {
            mapping.Map(app);
        }

        await app.StartAsync();
        return new BadInputBot(app, clock, folder, telegram, discord, signer, logs);
    }

    /// <summary>Log lines that show an exception escaped to a handler's last resort, or an error of any kind.</summary>
    public IReadOnlyList<CapturingLoggerProvider.LogLine> Failures() =>
        [.. Logs.Lines.Where(l => l.Level >= LogLevel.Error || (l.Exception is not null && l.Level >= LogLevel.Warning))];

    /// <summary>Every subscription row and the number of audit entries, read from the SQLite file itself.</summary>
    public string SubscriptionSnapshot()
    {
        using var connection = new SqliteConnection($"Data Source={Folder.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new StringBuilder();
        using (var rows = connection.CreateCommand())
        {
            rows.CommandText = "SELECT * FROM subscriptions ORDER BY id";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "null" : reader.GetValue(i)).Append(';');
                }

                text.Append('\n');
            }
        }

        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT count(*), coalesce(max(id), 0) FROM subscription_audit";
        using var counts = audit.ExecuteReader();
        counts.Read();
        text.Append("audit=").Append(counts.GetInt64(0)).Append('/').Append(counts.GetInt64(1));
        return text.ToString();
    }

    /// <summary>Time runs ten times faster than the wall clock: a slow command is deferred after Discord's
    /// 1.5 s (fake) as in production, and a rate limit's window passes, without any test moving the clock.</summary>
    private static async Task TickAsync(FakeTimeProvider clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            clock.Advance(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits until every accepted Telegram update has been handled.</summary>
    public async Task TelegramSettledAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await Services.GetRequiredService<UpdateIntake>().WhenIdleAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopTicking.CancelAsync();
        await _ticking;
        _stopTicking.Dispose();
        try
        {
            await _app.StopAndDisposeAsync();
        }
        finally
        {
            await Telegram.DisposeAsync();
            await Discord.DisposeAsync();
            Folder.Dispose();
        }
    }
}
