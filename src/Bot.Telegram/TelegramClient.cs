using System.Net;
using Bot.Telegram.Sending;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Bot.Telegram;

/// <summary>Owns the one <see cref="TelegramBotClient"/> the adapter uses and its HttpClient. The HttpClient is
/// created here, not by IHttpClientFactory, so no HTTP logging handler ever writes a request URL (Telegram puts the
/// token in every URL). Timeouts are per call (see <see cref="TelegramCalls"/>), so the HttpClient's own is off.</summary>
public sealed class TelegramClient : IDisposable
{
    private readonly HttpClient _http;

    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public TelegramClient(IOptions<TelegramOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        _timeout = o.RequestTimeout;
        var token = o.Token ?? throw new InvalidOperationException("Telegram:Token is not set.");
        _http = new HttpClient(new SendProbeHandler
        {
            InnerHandler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(3),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            },
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var baseUrl = string.Equals(o.ApiBaseUrl.TrimEnd('/'), TelegramOptions.DefaultApiBaseUrl, StringComparison.OrdinalIgnoreCase)
            ? null
            : o.ApiBaseUrl;

        // RetryThreshold 0: Telegram.Bot would otherwise sleep through 429s itself, stalling the caller; the adapter
        // honours retry_after per chat instead.
        Bot = new TelegramBotClient(new TelegramBotClientOptions(token, baseUrl) { RetryThreshold = 0, RetryCount = 0 }, _http);
        Redactor = new TokenRedactor(token);
        BotId = Bot.BotId;
    }

    public ITelegramBotClient Bot { get; }

    public TokenRedactor Redactor { get; }

    /// <summary>The bot's own user id (from the token).</summary>
    public long BotId { get; }

    /// <summary>Runs one Bot API call with <see cref="TelegramOptions.RequestTimeout"/> (or <paramref name="timeout"/>);
    /// a call that runs out of time throws <see cref="TimeoutException"/>, a cancelled one
    /// <see cref="OperationCanceledException"/>.</summary>
    /// <summary>When Telegram last answered a call (any answer, errors included: the connection works); for /readyz.</summary>
    public DateTimeOffset? LastAnsweredAt { get; private set; }

    public async Task<T> CallAsync<T>(Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var timer = new CancellationTokenSource(timeout ?? _timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            var result = await call(Bot, linked.Token);
            LastAnsweredAt = _time.GetUtcNow();
            return result;
        }
        catch (ApiRequestException)
        {
            LastAnsweredAt = _time.GetUtcNow();
            throw;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Telegram did not answer within {(timeout ?? _timeout).TotalSeconds:0.#} s.");
        }
    }

    public Task CallAsync(Func<ITelegramBotClient, CancellationToken, Task> call, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        CallAsync(async (bot, ct) =>
        {
            await call(bot, ct);
            return true;
        }, cancellationToken, timeout);

    /// <summary>Telegram answered 401 (or, for getMe, which every Bot API server has, 404): the token or the API
    /// address is wrong, and retrying will not help. A 404 for another method only means this server lacks it.</summary>
    public static bool IsTokenRejected(Exception exception, bool onGetMe = false) => exception switch
    {
        ApiRequestException api => api.ErrorCode == 401 || (onGetMe && api.ErrorCode == 404),
        RequestException request => request.HttpStatusCode == HttpStatusCode.Unauthorized || (onGetMe && request.HttpStatusCode == HttpStatusCode.NotFound),
        _ => false,
    };

    public void Dispose() => _http.Dispose();
}

/// <summary>Removes the token from anything about to be logged (exception texts can carry request details).</summary>
public sealed class TokenRedactor(string token)
{
    public const string Mask = "<token>";

    public string Redact(string? text) =>
        string.IsNullOrEmpty(text) || token.Length == 0 ? text ?? "" : text.Replace(token, Mask, StringComparison.Ordinal);

    /// <summary>The exception as one line: its type and message and those of its inner exceptions, token removed.</summary>
    public string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return Redact(string.Join(" ---> ", parts));
    }

    /// <summary>The full exception text with stack traces (for unexpected failures), token removed.</summary>
    public string Full(Exception exception) => Redact(exception.ToString());
}
