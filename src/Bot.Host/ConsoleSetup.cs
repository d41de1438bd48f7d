using Bot.Core.Messaging;
using Bot.Host.LocalConsole;

namespace Bot.Host;

public static class ConsoleSetup
{
    /// <summary>The local console channel: on when no chat platform is configured (or <c>Console:Enabled=true</c>), so
    /// a new user can talk to the bot at once.</summary>
    public static WebApplicationBuilder AddConsoleChannel(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new ConsolePlatform(System.Console.Out));
        builder.Services.AddSingleton<IChatPlatform>(services => services.GetRequiredService<ConsolePlatform>());

        var anyPlatform = !string.IsNullOrWhiteSpace(builder.Configuration["Telegram:Token"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]);
        var enabled = builder.Configuration.GetValue<bool?>("Console:Enabled") ?? !anyPlatform;
        if (enabled && builder.Configuration.GetValue<string?>("Console:Input") != "off")
        {
            builder.Services.AddHostedService<ConsoleChannel>();
            // The host's own "Application started. Press Ctrl+C…" lines would land inside the conversation; the
            // console channel's greeting says how to stop.
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        }

        return builder;
    }
}
