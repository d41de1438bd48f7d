namespace Bot.Host;

public static class DiscordSetup
{
    public static WebApplicationBuilder AddDiscord(this WebApplicationBuilder builder) => builder;
}
