using Bot.Answering.Scoring;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Answering;

/// <summary>The answering vocabulary and model files named by <see cref="AnsweringOptions"/> (relative to the content
/// root, the folder holding <c>config/</c>), read once.</summary>
public sealed class AnsweringFiles(IOptions<AnsweringOptions> options, IHostEnvironment environment, TimeProvider clock)
{
    private readonly Lazy<(AnsweringVocabulary Vocabulary, AnsweringModel Model)> _loaded = new(() => Load(options.Value, environment.ContentRootPath));

    public AnsweringVocabulary Vocabulary => _loaded.Value.Vocabulary;

    public AnsweringModel Model => _loaded.Value.Model;

    public IAnswererFactory Factory() => new QuestionPipelineFactory(Vocabulary, Model, clock);

    public string Resolve(string path) => Path.GetFullPath(path, environment.ContentRootPath);

    internal static (AnsweringVocabulary, AnsweringModel) Load(AnsweringOptions options, string root) =>
        (LoadVocabulary(options, root), AnsweringModel.Load(Path.GetFullPath(options.ModelPath, root)));

    internal static AnsweringVocabulary LoadVocabulary(AnsweringOptions options, string root) =>
        VocabularyFiles.Load(
            Path.GetFullPath(options.VocabularyPath, root),
            string.IsNullOrWhiteSpace(options.DomainVocabularyPath) ? null : Path.GetFullPath(options.DomainVocabularyPath, root));
}

/// <summary>Reads the vocabulary and the model at start: a missing or malformed file stops start-up with the file,
/// the line and the setting named. While fitting, which writes the model, only the vocabulary has to be readable.</summary>
internal sealed class AnsweringOptionsValidator(string root, bool fitting) : IValidateOptions<AnsweringOptions>
{
    public ValidateOptionsResult Validate(string? name, AnsweringOptions options)
    {
        try
        {
            if (fitting)
            {
                AnsweringFiles.LoadVocabulary(options, root);
            }
            else
            {
                AnsweringFiles.Load(options, root);
            }

            return ValidateOptionsResult.Success;
        }
        catch (VocabularyException ex)
        {
            return ValidateOptionsResult.Fail($"Answering:VocabularyPath / DomainVocabularyPath / ModelPath: {ex.Message}");
        }
    }
}
