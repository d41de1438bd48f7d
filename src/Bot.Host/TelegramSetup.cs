namespace Bot.Host;

public static class TelegramSetup
{
    public static WebApplicationBuilder AddTelegram(this WebApplicationBuilder builder) => builder;
}
