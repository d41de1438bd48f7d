using Polly;
using Polly.Retry;

namespace Bot.Core.Resilience;

/// <summary>The one way the bot retries a remote: a Polly pipeline whose waits run on the bot's
/// <see cref="TimeProvider"/> (so a fake clock drives them in tests), use the remote's own <c>Retry-After</c> when it
/// gives one, and otherwise back off exponentially with jitter as <see cref="RetryOptions"/> says. Each remote builds
/// its pipelines once, deciding only which outcomes are worth another try.</summary>
public static class Retries
{
    /// <summary>A pipeline for calls that answer with a result (a send's outcome, an HTTP answer) and may throw.</summary>
    /// <param name="shouldRetry">Whether this outcome is worth another try.</param>
    /// <param name="retryAfter">The wait the remote asked for in this outcome, if any.</param>
    /// <param name="random">Draws in [0, 1] for the jitter; tests pin it.</param>
    public static ResiliencePipeline<T> ForResults<T>(
        RetryOptions options,
        TimeProvider time,
        Func<Outcome<T>, bool> shouldRetry,
        Func<Outcome<T>, TimeSpan?>? retryAfter = null,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null,
        Func<double>? random = null)
    {
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = time };
        if (options.MaxAttempts != 1)
        {
            builder.AddRetry(Configure(new RetryStrategyOptions<T>(), options, shouldRetry, retryAfter, onRetry, random));
        }

        return builder.Build();
    }

    /// <summary>A pipeline for calls of any result type (the outcome's result is the boxed answer, or null for a
    /// call that returns nothing): one pipeline serves a client's calls whatever they return.</summary>
    public static ResiliencePipeline ForAnyResult(
        RetryOptions options,
        TimeProvider time,
        Func<Outcome<object>, bool> shouldRetry,
        Func<Outcome<object>, TimeSpan?>? retryAfter = null,
        Func<OnRetryArguments<object>, ValueTask>? onRetry = null,
        Func<double>? random = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts != 1)
        {
            builder.AddRetry(Configure(new RetryStrategyOptions(), options, shouldRetry, retryAfter, onRetry, random));
        }

        return builder.Build();
    }

    private static TOptions Configure<TOptions, T>(
        TOptions strategy,
        RetryOptions options,
        Func<Outcome<T>, bool> shouldRetry,
        Func<Outcome<T>, TimeSpan?>? retryAfter,
        Func<OnRetryArguments<T>, ValueTask>? onRetry,
        Func<double>? random)
        where TOptions : RetryStrategyOptions<T>
    {
        var draw = random ?? Random.Shared.NextDouble;
        strategy.MaxRetryAttempts = options.MaxAttempts == 0 ? int.MaxValue : options.MaxAttempts - 1;
        // An outcome of cancellation is never retried: the caller is going away.
        strategy.ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested && shouldRetry(args.Outcome));
        strategy.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
            retryAfter?.Invoke(args.Outcome) is { } after
                ? (after > TimeSpan.Zero ? after : TimeSpan.Zero)
                : options.DelayFor(args.AttemptNumber, draw()));
        strategy.OnRetry = onRetry;
        return strategy;
    }
}
