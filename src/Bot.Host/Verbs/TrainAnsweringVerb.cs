using System.Globalization;
using System.Text.Json;
using Bot.Answering;
using Bot.Answering.Scoring;
using Bot.Answering.Training;

namespace Bot.Host.Verbs;

/// <summary><c>train-answering [--pool DIR] [--out FILE] [--final]</c>: fits the answering model on the question pool
/// (tests/pool/pool.json names each corpus, its vocabulary and its questions) with k folds, writes it with how it
/// was fitted, and prints out-of-fold and fitted scores. The final slice of the pool (one fifth, by id) is never
/// fitted on; <c>--final</c> scores the written model on it instead.</summary>
public sealed class TrainAnsweringVerb : ICliVerb
{
    public const string VerbName = "train-answering";

    public string Name => VerbName;

    /// <summary>Fitting reads the pool's corpora itself; the bot's store is not touched.</summary>
    public bool NeedsCurrentStore => false;

    public string Usage => "train-answering [--pool tests/pool] [--out config/answering/model.json] [--final] [--across]   fit the answering model on the question pool (--final: score the final slice)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var files = services.GetRequiredService<AnsweringFiles>();
        var pool = files.Resolve(VerbArguments.Value(args, "--pool") ?? "tests/pool");
        var output = files.Resolve(VerbArguments.Value(args, "--out") ?? "config/answering/model.json");
        var final = VerbArguments.Flag(args, "--final");
        var manifest = Path.Combine(pool, "pool.json");
        if (!File.Exists(manifest))
        {
            await Console.Error.WriteLineAsync($"train-answering: {manifest} is missing (the pool's list of corpora and question files).");
            return 2;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnsweringOptions>>().Value;
        var corpora = TrainingPool.Load(files.Resolve("."), pool, files.Resolve(options.VocabularyPath), final);
        foreach (var corpus in corpora)
        {
            await Console.Error.WriteLineAsync($"{corpus.Name}: {corpus.Index.Count} sentences, {corpus.Questions.Count} questions");
        }

        if (final)
        {
            var model = AnsweringModel.Load(output);
            foreach (var corpus in corpora)
            {
                await Console.Out.WriteLineAsync($"final slice, {corpus.Name}: {AnsweringTrainer.Evaluate(model, [corpus])}");
            }

            await Console.Out.WriteLineAsync($"final slice, all: {AnsweringTrainer.Evaluate(model, corpora)}");
            return 0;
        }

        var trainer = new AnsweringTrainer();
        if (VerbArguments.Flag(args, "--across"))
        {
            // Each corpus answered by a model fitted on the others alone: how the bot does on a subject it has not seen.
            foreach (var held in corpora)
            {
                var model = trainer.Fit([.. corpora.Where(c => c != held)]).Model;
                await Console.Out.WriteLineAsync($"{held.Name}, fitted on the other corpora only: {AnsweringTrainer.Evaluate(model, [held])}");
            }
        }

        var report = trainer.Fit(corpora);
        var fitting = JsonSerializer.SerializeToElement(new
        {
            command = "dotnet run --project src/Bot.Host -- train-answering",
            pool = corpora.Select(c => new { c.Name, questions = c.Questions.Count }),
            finalSlice = "questions whose SHA-1(id) mod 5 = 0 are never fitted on",
            folds = report.Folds,
            foldsBy = "question id (FNV-1a with the seed)",
            seed = 20270107,
            rankerL2 = 1.0,
            decisionL2 = trainer.DecisionL2,
            decisionL2ChosenBy = "out-of-fold answer line and the fitted/out-of-fold gap among 1, 10, 30, 100",
            wrongAnswerCost = AnsweringTrainer.WrongAnswerCost,
            outOfFold = report.OutOfFold.ToString(),
            outOfFoldRankingAlone = report.OutOfFoldRanking.ToString(),
            fitted = report.Fitted.ToString(),
            outOfFoldByCorpus = report.OutOfFoldByCorpus.ToDictionary(p => p.Key, p => p.Value.ToString()),
        });
        (report.Model with { Fitting = fitting }).Save(output);
        await Console.Out.WriteLineAsync($"questions {report.Questions}, {report.Folds} folds, threshold {report.Model.Threshold.ToString("0.000", CultureInfo.InvariantCulture)} (computed figures {report.Model.ThresholdFor(computed: true).ToString("0.000", CultureInfo.InvariantCulture)})");
        await Console.Out.WriteLineAsync($"out of fold: {report.OutOfFold}");
        foreach (var (name, score) in report.OutOfFoldByCorpus)
        {
            await Console.Out.WriteLineAsync($"  {name}: {score}");
        }

        await Console.Out.WriteLineAsync($"ranking alone, out of fold (nothing declined): {report.OutOfFoldRanking}");
        await Console.Out.WriteLineAsync($"fitted:      {report.Fitted}");
        if (VerbArguments.Value(args, "--outcomes") is { } outcomes)
        {
            await File.WriteAllLinesAsync(outcomes, report.OutOfFoldLines, cancellationToken);
        }

        if (VerbArguments.Flag(args, "--weights"))
        {
            foreach (var (threshold, score) in report.OutOfFoldByThreshold)
            {
                await Console.Out.WriteLineAsync($"  at {threshold:0.0}: {score}");
            }

            foreach (var (kind, found) in report.CandidateRecallByKind.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                await Console.Out.WriteLineAsync($"  {kind}: answer among candidates {found}, in the first three {report.RankingRecallByKind[kind]}");
            }

            foreach (var m in new[] { report.Model.Ranker, report.Model.Decision })
            {
                await Console.Out.WriteLineAsync(string.Join(", ", m.Features.Zip(m.Weights, (f, w) => $"{f} {w.ToString("0.00", CultureInfo.InvariantCulture)}")));
            }
        }
        await Console.Out.WriteLineAsync($"wrote {output}");
        return 0;
    }
}
