using Bot.Core.Commands;
using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Interactions;

/// <summary>Registers the application commands on start by bulk overwrite: globally, or in
/// <see cref="DiscordOptions.DevGuildId"/> only (updates show at once there).</summary>
public sealed class DiscordCommandRegistrar(
    DiscordOptions options,
    DiscordRestClient rest,
    DiscordIdentity identity,
    CommandDispatcher dispatcher,
    ILogger<DiscordCommandRegistrar> log) : BackgroundService
{
    public Task<bool> Completion => _done.Task;

    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _done.TrySetResult(await RegisterAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            _done.TrySetResult(false);
        }
    }

    public async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        var applicationId = await identity.GetApplicationIdAsync(cancellationToken);
        if (applicationId is null)
        {
            log.LogError("Discord commands were not registered: set Discord:ApplicationId (it could not be read from Discord either)");
            return false;
        }

        var guild = string.IsNullOrWhiteSpace(options.DevGuildId) ? null : options.DevGuildId.Trim();
        var commands = ApplicationCommandBuilder.Build(dispatcher.Commands, global: guild is null);
        var result = guild is null
            ? await rest.BulkOverwriteGlobalCommandsAsync(applicationId, commands, cancellationToken)
            : await rest.BulkOverwriteGuildCommandsAsync(applicationId, guild, commands, cancellationToken);
        if (!result.Ok)
        {
            log.LogError("Discord commands were not registered: {Error}", result.Describe());
            return false;
        }

        log.LogInformation("Discord commands registered {Where}: {Names}",
            guild is null ? "globally" : $"in guild {guild}",
            string.Join(", ", commands.Select(c => "/" + c.Name)));
        return true;
    }
}
