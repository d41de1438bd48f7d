namespace Bot.Host;

public static class SchedulingSetup
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder) => builder;
}
