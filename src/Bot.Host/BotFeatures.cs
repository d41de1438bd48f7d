using Bot.Answering;
using Bot.Core;
using Bot.Discord;
using Bot.Host.Operations;
using Bot.Host.Verbs;
using Bot.Scheduling;
using Bot.Semantic;
using Bot.Storage;
using Bot.Storage.Facts;
using Bot.Telegram;

namespace Bot.Host;

/// <summary>The bot's features, each put together from the projects' own <c>AddXxx(configuration)</c> and what only the
/// host has: its verbs, its start-up marks, the store's preparation before a verb. Tests compose the same way.</summary>
public static class BotFeatures
{
    /// <summary>The store (<see cref="StorageServiceCollectionExtensions.AddStorage"/>).</summary>
    public static WebApplicationBuilder AddStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddStorage(builder.Configuration);
        return builder;
    }

    /// <summary>The fact store: the question path, sentence vectors when <c>Answering:Semantic</c> is on, the fact library
    /// and its commands and verbs, and (when running the bot) an incremental ingest of the corpus before any question
    /// is answered.</summary>
    public static WebApplicationBuilder AddFactStore(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        var mode = Mode(services);
        services.AddAnswering(configuration, fitting: mode?.Verb == TrainAnsweringVerb.VerbName);
        if (configuration.GetValue<bool>("Answering:Semantic"))
        {
            services.AddSentenceEmbedder().AddSentenceVectors();
        }

        services.AddFactLibrary(configuration).AddFactCommands();

        services.AddSingleton<ICliVerb, AskVerb>();
        services.AddSingleton<ICliVerb, IngestVerb>();
        services.AddSingleton<ICliVerb, FactsVerb>();
        services.AddSingleton<ICliVerb, TrainAnsweringVerb>();
        services.AddSingleton(new StorePreparation((provider, cancellationToken) =>
            provider.GetRequiredService<FactLibrary>().IngestAsync(null, cancellationToken)));

        if (mode is { IsBot: true })
        {
            services.AddCorpusIngestAtStart().AddStartupMark("corpus");
        }

        return builder;
    }

    /// <summary>Occasions, subscriptions, the scheduling commands and verbs; when running the bot, also the delivery
    /// pipeline's workers and Quartz, each stage marked on the start-up timeline.</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services.AddScheduling(configuration).AddSubscriptions();
        services.AddSingleton<ICliVerb, OccasionsVerb>();
        services.AddSingleton<ICliVerb, PreviewVerb>();
        if (Mode(services) is { IsBot: true })
        {
            services.AddSchedulingWorker(configuration, stage => services.AddStartupMark(stage));
        }

        return builder;
    }

    /// <summary>Telegram and Discord, each on only when its token is set, and their endpoints (webhook, interactions)
    /// on the bot's web server.</summary>
    public static WebApplicationBuilder AddPlatforms(this WebApplicationBuilder builder)
    {
        builder.Services.AddTelegram(builder.Configuration).AddDiscord(builder.Configuration);
        builder.Services.AddSingleton(new EndpointMapping(endpoints => endpoints.MapTelegram().MapDiscord()));
        return builder;
    }

    private static RunMode? Mode(IServiceCollection services) =>
        services.Select(d => d.ImplementationInstance).OfType<RunMode>().FirstOrDefault();
}
