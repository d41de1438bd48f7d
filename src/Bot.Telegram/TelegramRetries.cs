using Bot.Core.Messaging;
using Bot.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Telegram.Bot.Exceptions;

namespace Bot.Telegram;

/// <summary>How the bot retries Telegram, built once from <see cref="TelegramOptions"/>: waits from
/// <see cref="TelegramOptions.BackoffMin"/> doubling to <see cref="TelegramOptions.BackoffMax"/> with
/// <see cref="TelegramOptions.BackoffJitter"/>, or Telegram's own <c>retry_after</c> when it gives one. A rejected
/// token is never retried (retrying cannot fix it), and neither is a send Telegram may already have posted
/// (<see cref="SendOutcome.Uncertain"/>): Telegram has no idempotency key, so a repeat could post it twice.</summary>
public sealed class TelegramRetries
{
    /// <summary>Longest a command's answer waits for its chat's turn or a 429 before giving up.</summary>
    public static readonly TimeSpan ReplyMaxWait = TimeSpan.FromMinutes(2);

    /// <summary>Tries for the command menu: it is a convenience, so the bot goes on without it after these.</summary>
    public const int MenuAttempts = 3;

    private static readonly ResiliencePropertyKey<string> What = new("telegram.what");

    private readonly ResiliencePipeline _calls;
    private readonly ResiliencePipeline _identity;
    private readonly ResiliencePipeline _menu;
    private readonly TelegramClient _client;
    private readonly ILogger<TelegramRetries> _log;

    public TelegramRetries(TelegramClient client, TimeProvider time, IOptions<TelegramOptions> options, ILogger<TelegramRetries> log)
    {
        _client = client;
        _log = log;
        var o = options.Value;
        RetryOptions Schedule(int attempts) => new() { MaxAttempts = attempts, FirstDelay = o.BackoffMin, MaxDelay = o.BackoffMax, Jitter = o.BackoffJitter };

        Sends = Retries.ForResults<SendResult>(
            Schedule(o.SendAttempts),
            time,
            outcome => outcome.Result is { Outcome: SendOutcome.Retryable } result && (result.RetryAfter ?? TimeSpan.Zero) <= ReplyMaxWait,
            outcome => outcome.Result?.RetryAfter);
        _calls = Retries.ForAnyResult(Schedule(0), time, outcome => outcome.Exception is { } ex && !TelegramClient.IsTokenRejected(ex), RateLimitWait, LogRetryAsync);
        _identity = Retries.ForAnyResult(Schedule(0), time, outcome => outcome.Exception is { } ex && !TelegramClient.IsTokenRejected(ex, onGetMe: true), RateLimitWait, LogRetryAsync);
        _menu = Retries.ForAnyResult(Schedule(MenuAttempts), time, outcome => outcome.Exception is not null, RateLimitWait, LogRetryAsync);
    }


    /// <summary>A send or a part of one, retried while Telegram answers "later" within <see cref="ReplyMaxWait"/>.</summary>
    public ResiliencePipeline<SendResult> Sends { get; }

    /// <summary>A call the receiver cannot go on without (the stored offset, the webhook, a poll): tried until it
    /// works or the bot stops. A rejected token is thrown.</summary>
    public ValueTask KeepTryingAsync(string what, Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        RunAsync(_calls, what, call, cancellationToken);

    /// <summary>getMe, tried until Telegram answers; there a 404 also means a wrong token or API address.</summary>
    public async ValueTask<T> IdentityAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var result = default(T);
        await RunAsync(_identity, "learn the bot's own name (getMe)", async ct => result = await call(ct), cancellationToken);
        return result!;
    }

    /// <summary>setMyCommands, tried <see cref="MenuAttempts"/> times; the last failure is thrown.</summary>
    public ValueTask MenuAsync(Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken) =>
        RunAsync(_menu, "set the command menu (setMyCommands)", call, cancellationToken);

    private static TimeSpan? RateLimitWait(Outcome<object> outcome) => outcome.Exception is ApiRequestException { ErrorCode: 429 } api
        ? TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 5))
        : null;

    private static async ValueTask RunAsync(ResiliencePipeline pipeline, string what, Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(What, what);
        try
        {
            await pipeline.ExecuteAsync(static (context, call) => call(context.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask LogRetryAsync(Polly.Retry.OnRetryArguments<object> args)
    {
        _log.LogWarning("Telegram: could not {What}; retrying in {Seconds} s: {Error}",
            args.Context.Properties.GetValue(What, "call Telegram"), args.RetryDelay.TotalSeconds,
            args.Outcome.Exception is { } ex ? _client.Redactor.Describe(ex) : "no answer");
        return ValueTask.CompletedTask;
    }
}
