using System.Runtime.CompilerServices;
using Bot.Core.Facts;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Semantic;

public static class SemanticServiceCollectionExtensions
{
    /// <summary>all-MiniLM-L6-v2 as the <see cref="ISentenceEmbedder"/>, loaded at first use. A build published
    /// without the model stops here, saying what is missing and how to get it (<see cref="EmbeddingModel.Problem"/>).</summary>
    public static IServiceCollection AddSentenceEmbedder(this IServiceCollection services)
    {
        if (EmbeddingModel.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        AddMiniLm(services);
        return services;
    }

    /// <summary>Never inlined: compiling it already needs the model's assembly, known to be there only after the
    /// check above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddMiniLm(IServiceCollection services)
    {
        services.AddSingleton<MiniLmEmbedder>();
        services.AddSingleton<ISentenceEmbedder>(provider => provider.GetRequiredService<MiniLmEmbedder>());
    }
}
