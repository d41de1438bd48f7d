using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>Runs the Gateway connection for the life of the bot (Gateway mode).</summary>
public sealed class DiscordGatewayService(
    DiscordOptions options,
    DiscordRestClient rest,
    DiscordIdentity identity,
    IGatewayTransport transport,
    DiscordGatewayEvents events,
    TimeProvider time,
    ILogger<GatewayClient> log) : BackgroundService
{
    public GatewayClient Client { get; } = new(
        new GatewaySettings
        {
            Token = options.Token!,
            ShardId = options.ShardId,
            ShardCount = options.ShardCount,
            GatewayUrlOverride = string.IsNullOrWhiteSpace(options.GatewayUrl) ? null : options.GatewayUrl,
            ReconnectMinDelay = options.ReconnectMinDelay,
            ReconnectMaxDelay = options.ReconnectMaxDelay,
            ReconnectJitter = options.ReconnectJitter,
        },
        transport,
        rest.GetGatewayBotAsync,
        events,
        time,
        log);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Client.Ready += identity.Learn;
        await Task.Yield();
        await Client.RunAsync(stoppingToken);
    }
}
