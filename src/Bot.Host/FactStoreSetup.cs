namespace Bot.Host;

public static class FactStoreSetup
{
    public static WebApplicationBuilder AddFactStore(this WebApplicationBuilder builder) => builder;
}
