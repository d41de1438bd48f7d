using Bot.Core.Facts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Answering;

public static class AnsweringServiceCollectionExtensions
{
    /// <summary>The question path: <see cref="AnsweringOptions"/> from the <c>Answering</c> section, its vocabulary
    /// and model files read and validated on start (<see cref="AnsweringFiles"/>), and the <see cref="IAnswererFactory"/>
    /// the fact library builds its pipeline with. <paramref name="fitting"/>: this run fits the model and writes it
    /// (the train-answering verb), so only the vocabulary has to be readable.</summary>
    public static IServiceCollection AddAnswering(this IServiceCollection services, IConfiguration configuration, bool fitting = false)
    {
        services.AddOptions<AnsweringOptions>().Bind(configuration.GetSection(AnsweringOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnsweringOptions>>(provider =>
            new AnsweringOptionsValidator(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, fitting));
        services.AddSingleton<IAnswererFactory>(provider => provider.GetRequiredService<AnsweringFiles>().Factory());
        services.AddSingleton<AnsweringFiles>();
        return services;
    }
}
