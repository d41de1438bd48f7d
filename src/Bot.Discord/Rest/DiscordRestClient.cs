using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bot.Core.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Bot.Discord.Rest;

/// <summary>The outcome of one REST call: the status (0 when no response came or nothing was sent), the parsed
/// body or Discord's error, and the rate-limit wait when there is one.</summary>
public sealed record RestResult<T> : IRestAnswer
{
    public int Status { get; init; }
    public T? Value { get; init; }
    public ErrorBody? Error { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Why nothing came back: a timeout, a network failure, or a local refusal (rate limit wait too long,
    /// token known to be invalid).</summary>
    public string? Failure { get; init; }

    /// <summary>False when the request was refused locally and never reached Discord.</summary>
    public bool Sent { get; init; } = true;

    public bool Ok => Status is >= 200 and < 300;

    public string Describe() => Status == 0
        ? Failure ?? "no response"
        : $"{Status}{(Error?.Message is { } m ? " " + m : "")}{(Error?.Code is { } c and not 0 ? $" (code {c})" : "")}";
}

/// <summary>What the retry policy reads of an answer, whatever its body type.</summary>
internal interface IRestAnswer
{
    int Status { get; }

    TimeSpan? RetryAfter { get; }
}

/// <summary>A small typed client for Discord's HTTP API v10. Every call goes through the per-route buckets and the
/// global limit, so that 429s stay rare; 401/403/429 answers are counted because Discord bans clients that make
/// 10,000 of them in 10 minutes. The token is sent in the Authorization header and never logged.</summary>
public sealed class DiscordRestClient
{
    public const string HttpClientName = "discord";

    private static readonly string UserAgent = "DiscordBot (https://github.com/anniversarybot/anniversarybot, 1.0)";

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _log;
    private readonly string _baseUrl;
    private readonly ResiliencePipeline _rateLimited;
    private readonly ConcurrentDictionary<string, string> _bucketHashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DateTimeOffset> _invalid = new();
    private volatile bool _tokenRejected;
    private DateTimeOffset _lastInvalidWarning = DateTimeOffset.MinValue;

    public DiscordRestClient(HttpClient http, DiscordOptions options, TimeProvider time, ILogger<DiscordRestClient> log)
    {
        _http = http;
        _options = options;
        _time = time;
        _log = log;
        _baseUrl = options.ApiBaseUrl.TrimEnd('/') + "/";
        Global = new GlobalRateLimiter(time, options.GlobalRequestsPerSecond);
        // Only a 429 whose wait is short enough is retried, after exactly that wait: other failures go back to the
        // caller, which knows whether a repeat is safe.
        _rateLimited = Retries.ForAnyResult(
            new RetryOptions { MaxAttempts = options.RateLimitAttempts },
            time,
            outcome => outcome.Result is IRestAnswer { Status: 429, RetryAfter: { } wait } && wait <= options.MaxRateLimitWait,
            outcome => (outcome.Result as IRestAnswer)?.RetryAfter);
    }

    public GlobalRateLimiter Global { get; }

    /// <summary>401/403/429 answers (not counting 429s of shared resources) in the last 10 minutes.</summary>
    public int InvalidRequestsLast10Minutes
    {
        get
        {
            Prune();
            return _invalid.Count;
        }
    }

    /// <summary>Set after a 401: the token is invalid and nothing more is sent until the bot is restarted.</summary>
    public bool TokenRejected => _tokenRejected;

    // ---- Endpoints ----

    public Task<RestResult<GatewayBotResponse>> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync<GatewayBotResponse>(HttpMethod.Get, "gateway/bot", null, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<DiscordUser>> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        SendAsync<DiscordUser>(HttpMethod.Get, "users/@me", null, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<Application>> GetCurrentApplicationAsync(CancellationToken cancellationToken) =>
        SendAsync<Application>(HttpMethod.Get, "applications/@me", null, RetryPolicy.WaitAndRetry, cancellationToken);

    /// <summary>Create Message. A 429 is returned to the caller (the delivery pipeline retries later with the same nonce).</summary>
    public Task<RestResult<Message>> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync<Message>(HttpMethod.Post, $"channels/{Id(channelId)}/messages", message, RetryPolicy.ReturnToCaller, cancellationToken);

    public Task<RestResult<JsonElement>> CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"interactions/{Id(interactionId)}/{Uri.EscapeDataString(token)}/callback", response, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<Message>> EditOriginalResponseAsync(string applicationId, string token, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync<Message>(HttpMethod.Patch, $"webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", message, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<JsonElement>> DeleteOriginalResponseAsync(string applicationId, string token, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Delete, $"webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", null, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<Message>> CreateFollowupMessageAsync(string applicationId, string token, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync<Message>(HttpMethod.Post, $"webhooks/{Id(applicationId)}/{Uri.EscapeDataString(token)}", message, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<List<ApplicationCommand>>> BulkOverwriteGlobalCommandsAsync(string applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        SendAsync<List<ApplicationCommand>>(HttpMethod.Put, $"applications/{Id(applicationId)}/commands", commands, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<List<ApplicationCommand>>> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        SendAsync<List<ApplicationCommand>>(HttpMethod.Put, $"applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands", commands, RetryPolicy.WaitAndRetry, cancellationToken);

    public Task<RestResult<Channel>> GetChannelAsync(string channelId, CancellationToken cancellationToken) =>
        SendAsync<Channel>(HttpMethod.Get, $"channels/{Id(channelId)}", null, RetryPolicy.WaitAndRetry, cancellationToken);

    // ---- Core ----

    public enum RetryPolicy
    {
        /// <summary>On a 429 or an exhausted bucket wait (up to MaxRateLimitWait) and try again, at most
        /// <see cref="DiscordOptions.RateLimitAttempts"/> times in all.</summary>
        WaitAndRetry,

        /// <summary>Wait for an exhausted bucket up to MaxRateLimitWait, but return a 429 to the caller.</summary>
        ReturnToCaller,
    }

    public async Task<RestResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, RetryPolicy policy, CancellationToken cancellationToken)
    {
        var route = RouteInfo.Describe(method, path);
        var pipeline = policy == RetryPolicy.WaitAndRetry ? _rateLimited : ResiliencePipeline.Empty;
        return await pipeline.ExecuteAsync(async ct => await SendOnceAsync<T>(method, path, route, body, ct), cancellationToken);
    }

    private async Task<RestResult<T>> SendOnceAsync<T>(HttpMethod method, string path, RouteInfo route, object? body, CancellationToken cancellationToken)
    {
        if (_tokenRejected)
        {
            return new RestResult<T> { Sent = false, Failure = "Discord rejected the bot token (401): check Discord:Token; nothing is sent until the bot restarts." };
        }

        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = bucket.WaitTime(_time.GetUtcNow());
            if (wait > _options.MaxRateLimitWait)
            {
                return new RestResult<T> { Sent = false, RetryAfter = wait, Failure = $"rate limited on {route.RouteKey} for {wait.TotalSeconds:0.#} s" };
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            GlobalRateLimiter.Lease? lease = null;
            if (route.Global)
            {
                lease = await Global.AcquireAsync(_options.MaxRateLimitWait, cancellationToken);
                if (lease is null)
                {
                    var blocked = Global.BlockedFor();
                    return new RestResult<T> { Sent = false, RetryAfter = blocked > TimeSpan.Zero ? blocked : GlobalRateLimiter.Window, Failure = "global rate limit" };
                }
            }

            try
            {
                return await SendHttpAsync<T>(method, path, route, body, bucket, cancellationToken);
            }
            finally
            {
                lease?.Complete();
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    private async Task<RestResult<T>> SendHttpAsync<T>(HttpMethod method, string path, RouteInfo route, object? body, RouteBucket bucket, CancellationToken cancellationToken)
    {
        {

            using var request = new HttpRequestMessage(method, _baseUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (body is not null)
            {
                request.Content = new StringContent(DiscordJson.Serialize(body), Encoding.UTF8, "application/json");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                text = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new RestResult<T> { Failure = $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s ({route.RouteKey})" };
            }
            catch (HttpRequestException ex)
            {
                return new RestResult<T> { Failure = $"network error ({route.RouteKey}): {ex.Message}" };
            }

            using (response)
            {
                return Interpret<T>(response, text, route, bucket);
            }
        }
    }

    private RestResult<T> Interpret<T>(HttpResponseMessage response, string text, RouteInfo route, RouteBucket bucket)
    {
        var now = _time.GetUtcNow();
        var status = (int)response.StatusCode;
        var hash = Header(response, "X-RateLimit-Bucket");
        if (hash is not null && _bucketHashes.TryAdd(route.RouteKey, hash))
        {
            _buckets.TryAdd(hash + "|" + route.MajorKey, bucket);
        }

        var remaining = int.TryParse(Header(response, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var resetAfter = ParseSeconds(Header(response, "X-RateLimit-Reset-After"));
        bucket.Update(remaining, resetAfter, now);

        if (status is 401 or 403 or 429)
        {
            var shared = string.Equals(Header(response, "X-RateLimit-Scope"), "shared", StringComparison.OrdinalIgnoreCase);
            if (!(status == 429 && shared))
            {
                CountInvalid(now);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            T? value = default;
            if (text.Length > 0 && response.StatusCode != HttpStatusCode.NoContent)
            {
                try
                {
                    value = DiscordJson.Deserialize<T>(text);
                }
                catch (JsonException ex)
                {
                    _log.LogWarning("Discord answered {Route} with a body the adapter could not read: {Error}", route.RouteKey, ex.Message);
                }
            }

            return new RestResult<T> { Status = status, Value = value };
        }

        var error = TryReadError(text);
        if (status == 429)
        {
            var retryAfter = ParseSeconds(Header(response, "Retry-After")) is { } h && error?.RetryAfter is null
                ? h
                : TimeSpan.FromSeconds(Math.Max(0, error?.RetryAfter ?? 1));
            var global = error?.Global == true
                || string.Equals(Header(response, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase)
                || string.Equals(Header(response, "X-RateLimit-Scope"), "global", StringComparison.OrdinalIgnoreCase);
            if (global)
            {
                Global.BlockFor(retryAfter);
            }
            else
            {
                bucket.Exhaust(retryAfter, now);
            }

            _log.LogWarning("Discord rate limited {Route} ({Scope}) for {Seconds:0.###} s", route.RouteKey, global ? "global" : "route", retryAfter.TotalSeconds);
            return new RestResult<T> { Status = status, Error = error, RetryAfter = retryAfter };
        }

        if (status == 401)
        {
            _tokenRejected = true;
            _log.LogError("Discord rejected the bot token (401 Unauthorized): check Discord:Token. The Discord adapter sends nothing more until restarted.");
        }

        TimeSpan? serverRetry = status >= 500 ? TimeSpan.FromSeconds(2) : null;
        return new RestResult<T> { Status = status, Error = error ?? new ErrorBody(null, response.ReasonPhrase, null, null), RetryAfter = serverRetry };
    }

    private RouteBucket BucketFor(RouteInfo route)
    {
        var key = (_bucketHashes.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey) + "|" + route.MajorKey;
        return _buckets.GetOrAdd(key, _ => new RouteBucket());
    }

    private void CountInvalid(DateTimeOffset now)
    {
        _invalid.Enqueue(now);
        Prune();
        if (_invalid.Count >= 500 && now - _lastInvalidWarning > TimeSpan.FromMinutes(1))
        {
            _lastInvalidWarning = now;
            _log.LogWarning("Discord: {Count} invalid requests (401/403/429) in the last 10 minutes; Discord bans at 10,000", _invalid.Count);
        }
    }

    private void Prune()
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(10);
        while (_invalid.TryPeek(out var oldest) && oldest < cutoff)
        {
            _invalid.TryDequeue(out _);
        }
    }

    private static ErrorBody? TryReadError(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return DiscordJson.Deserialize<ErrorBody>(text);
        }
        catch (JsonException)
        {
            return new ErrorBody(null, text.Length > 200 ? text[..200] : text, null, null);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>Snowflakes only, so that no caller can smuggle a path into a URL.</summary>
    private static string Id(string id) =>
        DiscordOptions.IsSnowflake(id) ? id : throw new ArgumentException($"Not a Discord id: '{id}'", nameof(id));
}
