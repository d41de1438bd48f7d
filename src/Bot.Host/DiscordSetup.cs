using Bot.Discord;
using Bot.Discord.Interactions;

namespace Bot.Host;

public static class DiscordSetup
{
    /// <summary>The Discord adapter, on when <c>Discord:Token</c> (env <c>Discord__Token</c>) is set: settings from the
    /// <c>Discord</c> section validated on start (one line naming the bad key), <c>DiscordPlatform</c> for the
    /// delivery pipeline, command registration by bulk overwrite, and the Gateway connection (<c>Discord:Mode</c>
    /// Gateway, the default) or the signed <c>/discord/interactions</c> endpoint (Http). Without a token it is off,
    /// said in one log line.</summary>
    public static WebApplicationBuilder AddDiscord(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DiscordOptions.Section);
        var options = new DiscordOptions();
        section.Bind(options);
        if (!options.Enabled)
        {
            builder.Services.AddHostedService(services => new OneLineNotice(
                services.GetRequiredService<ILogger<DiscordOptions>>(),
                "Discord is off: set Discord:Token (env Discord__Token) to connect the bot to Discord."));
            return builder;
        }

        var problem = options.Validate();
        if (problem is not null)
        {
            // Fails the start with one line naming the key, before anything connects.
            builder.Services.AddOptions<DiscordOptions>().Validate(_ => false, problem).ValidateOnStart();
            return builder;
        }

        builder.Services.AddDiscordAdapter(options);
        if (options.ParsedMode == DiscordMode.Http)
        {
            builder.Services.AddSingleton(new EndpointMapping(endpoints => endpoints.MapDiscordInteractions()));
        }

        return builder;
    }

    private sealed class OneLineNotice(ILogger log, string line) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            log.LogInformation("{Notice}", line);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
