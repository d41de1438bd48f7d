using Bot.Discord.Rest;

namespace Bot.Discord;

/// <summary>Who the bot is on Discord: its user id (from READY or <c>GET /users/@me</c>) and its application id
/// (from settings, READY or <c>GET /applications/@me</c>), learned once and shared.</summary>
public sealed class DiscordIdentity(DiscordOptions options, DiscordRestClient rest) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string? BotUserId { get; private set; }

    public string? ApplicationId { get; private set; } = string.IsNullOrWhiteSpace(options.ApplicationId) ? null : options.ApplicationId.Trim();

    public void Dispose() => _gate.Dispose();

    public void Learn(string? botUserId, string? applicationId)
    {
        if (DiscordOptions.IsSnowflake(botUserId))
        {
            BotUserId = botUserId;
        }

        if (ApplicationId is null && DiscordOptions.IsSnowflake(applicationId))
        {
            ApplicationId = applicationId;
        }
    }

    public async Task<string?> GetBotUserIdAsync(CancellationToken cancellationToken)
    {
        if (BotUserId is not null)
        {
            return BotUserId;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (BotUserId is null)
            {
                var me = await rest.GetCurrentUserAsync(cancellationToken);
                Learn(me.Value?.Id, null);
            }

            return BotUserId;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<string?> GetApplicationIdAsync(CancellationToken cancellationToken)
    {
        if (ApplicationId is not null)
        {
            return ApplicationId;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (ApplicationId is null)
            {
                var app = await rest.GetCurrentApplicationAsync(cancellationToken);
                Learn(null, app.Value?.Id);
            }

            return ApplicationId;
        }
        finally
        {
            _gate.Release();
        }
    }
}
