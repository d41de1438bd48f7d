using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The <see cref="CommandDispatcher"/> every channel hands its commands to (once, whoever asks first).</summary>
    public static IServiceCollection AddCommandDispatcher(this IServiceCollection services)
    {
        services.TryAddSingleton<CommandDispatcher>();
        return services;
    }

    /// <summary>The commands about facts: ask, fact, sources, help and start. Needs an <see cref="IQuestionAnswerer"/>
    /// and an <see cref="IFactCatalog"/>.</summary>
    public static IServiceCollection AddFactCommands(this IServiceCollection services)
    {
        services.AddSingleton<IBotCommand, AskCommand>();
        services.AddSingleton<IBotCommand, FactCommand>();
        services.AddSingleton<IBotCommand, SourcesCommand>();
        services.AddSingleton<IBotCommand, HelpCommand>();
        services.AddSingleton<IBotCommand, StartCommand>();
        return services;
    }

    /// <summary>Occasions (the curated ones merged with those drawn from the facts, when there is an
    /// <see cref="IFactCatalog"/>), the posts composed for them, subscriptions and their commands. Needs
    /// <see cref="CuratedOccasions"/>, an <see cref="ISubscriptionStore"/> and the scheduling defaults.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<IOccasionCatalog>(provider => new OccasionCatalog(
            provider.GetRequiredService<CuratedOccasions>(),
            provider.GetService<IFactCatalog>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OccasionCatalog>>()));
        services.AddSingleton(provider => new OccasionFacts(provider.GetService<IFactCatalog>(), provider.GetRequiredService<ILogger<OccasionFacts>>()));
        services.AddSingleton<PostComposer>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<IChannelEvents>(provider => provider.GetRequiredService<SubscriptionService>());

        foreach (var command in new[]
        {
            typeof(TodayCommand), typeof(NextCommand), typeof(SetupCommand), typeof(SettingsCommand), typeof(TimeCommand),
            typeof(TimezoneCommand), typeof(OccasionsCommand), typeof(PauseCommand), typeof(ResumeCommand), typeof(PreviewCommand),
            typeof(TestCommand), typeof(UnsubscribeCommand), typeof(TemplateCommand), typeof(RoleCommand),
            typeof(OccasionCommand),
        })
        {
            services.AddSingleton(typeof(IBotCommand), command);
        }

        return services;
    }
}
