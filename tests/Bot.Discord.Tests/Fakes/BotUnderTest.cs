using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests.Fakes;

/// <summary>The Discord adapter wired as the host wires it, pointed at a <see cref="FakeDiscord"/>, with the real
/// <see cref="CommandDispatcher"/> and test commands.</summary>
public sealed class BotUnderTest : IAsyncDisposable
{
    private BotUnderTest(WebApplication app, string url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    public string Url { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BotUnderTest> StartAsync(FakeDiscord fake, IEnumerable<IBotCommand> commands, Action<DiscordOptions>? configure = null, IChannelEvents? channelEvents = null, TimeProvider? time = null)
    {
        var options = new DiscordOptions
        {
            Token = "test-token-0123456789abcdef",
            ApplicationId = FakeDiscord.ApplicationId,
            ApiBaseUrl = fake.ApiBase,
            GatewayUrl = fake.GatewayUrl,
            DeferAfter = TimeSpan.FromMilliseconds(1500),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        options.Validate().ShouldBeNull();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var command in commands)
        {
            builder.Services.AddSingleton(command);
        }

        builder.Services.AddSingleton<CommandDispatcher>();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        if (channelEvents is not null)
        {
            builder.Services.AddSingleton(channelEvents);
        }

        builder.Services.AddDiscordAdapter(options);
        var app = builder.Build();
        if (options.ParsedMode == DiscordMode.Http)
        {
            app.MapDiscordInteractions();
        }

        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new BotUnderTest(app, url);
    }

    public GatewayClient Gateway => Services.GetRequiredService<DiscordGatewayService>().Client;

    public IChatPlatform Platform => Services.GetRequiredService<IChatPlatform>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<T?> probe, string what, int timeoutMs = 10000)
        where T : class
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Timed out waiting for " + what);
    }

    public static async Task TrueAsync(Func<bool> probe, string what, int timeoutMs = 10000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < until)
        {
            if (probe())
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Timed out waiting for " + what);
    }
}

/// <summary>Records the channel events the adapter reports.</summary>
public sealed class RecordingChannelEvents : IChannelEvents
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Events { get; } = new();

    public Task ChannelRemovedAsync(ChannelAddress channel, string reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"channel-removed {channel.ChannelId} {channel.GuildId}");
        return Task.CompletedTask;
    }

    public Task BotRemovedAsync(string platform, string guildId, string reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"bot-removed {platform} {guildId}");
        return Task.CompletedTask;
    }

    public Task BotPresentAsync(string platform, string guildId, CancellationToken cancellationToken)
    {
        Events.Enqueue($"bot-present {platform} {guildId}");
        return Task.CompletedTask;
    }
}
