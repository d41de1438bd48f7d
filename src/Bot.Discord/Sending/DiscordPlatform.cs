using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Sending;

/// <summary>Discord's side of the delivery pipeline: <c>POST /channels/{id}/messages</c> with the idempotency key
/// as <c>nonce</c> and <c>enforce_nonce</c>, so that a retry within Discord's few-minute window returns the
/// earlier message instead of posting twice. Rate limits are handled in <see cref="DiscordRestClient"/>: a
/// wait for one channel's bucket does not hold up other channels.</summary>
public sealed class DiscordPlatform(DiscordRestClient rest, TimeProvider time, ILogger<DiscordPlatform> log) : IChatPlatform
{
    public const string PlatformName = "discord";

    /// <summary>Discord's limit on a nonce.</summary>
    public const int MaxNonceLength = 25;

    private static readonly TimeSpan ForbiddenMemory = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (string Reason, DateTimeOffset Until)> _forbidden = new(StringComparer.Ordinal);

    public string Name => PlatformName;

    public bool DeduplicatesByKey => true;

    public async Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsDiscordChannel(channel, out var problem))
        {
            return SendResult.Permanent(problem);
        }

        if (_forbidden.TryGetValue(channel.ChannelId, out var known) && known.Until > time.GetUtcNow())
        {
            // Learned from a recent 403/404: do not spend another invalid request on it.
            return SendResult.Permanent(known.Reason);
        }

        var parts = DiscordRenderer.Render(message);
        string? firstMessageId = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var nonce = NonceFor(idempotencyKey, i);
            var payload = parts[i] with { Nonce = nonce, EnforceNonce = nonce is null ? null : true };
            var result = await rest.CreateMessageAsync(channel.ChannelId, payload, cancellationToken);
            if (result.Ok)
            {
                firstMessageId ??= result.Value?.Id;
                continue;
            }

            var outcome = Classify(channel, result);
            if (outcome.Outcome == SendOutcome.Permanent)
            {
                _forbidden[channel.ChannelId] = (outcome.Reason!, time.GetUtcNow() + ForbiddenMemory);
            }

            if (i > 0)
            {
                log.LogWarning("Discord accepted part {Sent} of {Total} for {Channel}, then: {Reason}", i, parts.Count, channel, outcome.Reason);
            }

            return outcome;
        }

        _forbidden.TryRemove(channel.ChannelId, out _);
        return SendResult.Sent(firstMessageId);
    }

    /// <summary>Drops a refusal remembered from a send to <paramref name="channelId"/>, once Discord has said (with an
    /// interaction) that the bot may post there.</summary>
    public void ForgetRefusal(string channelId) => _forbidden.TryRemove(channelId, out _);

    /// <summary>The check made without an interaction (a scheduled post's pre-flight): the channel exists, the bot
    /// sees it, and it takes posts. Whether the bot may send there is answered by the send itself (403 Missing
    /// Permissions, classified as permanent), one request instead of looking the bot's roles up; the /setup check reads
    /// the bot's permissions from the interaction (<see cref="Interactions.InteractionTranslator"/>). When Discord does
    /// not answer, the send goes ahead and tells.</summary>
    public async Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken)
    {
        if (!IsDiscordChannel(channel, out var problem))
        {
            return PostingCheck.Missing(problem);
        }

        var found = await rest.GetChannelAsync(channel.ChannelId, cancellationToken);
        if (found is { Ok: true, Value: { } target })
        {
            return target.Type is ChannelType.GuildText or ChannelType.GuildAnnouncement
                ? PostingCheck.Ok
                : PostingCheck.Missing($"<#{channel.ChannelId}> is not a text or announcement channel; pick one of those");
        }

        return found.Status switch
        {
            403 => PostingCheck.Missing($"I can't see <#{channel.ChannelId}>: I need View Channel there. A server admin can grant it {PermissionCalculator.WhereToGrant}"),
            404 => PostingCheck.Missing($"<#{channel.ChannelId}> does not exist any more, or I was removed from its server"),
            _ => PostingCheck.Ok,
        };
    }

    /// <summary>The nonce of the <paramref name="part"/>-th message of one delivery: the idempotency key itself for
    /// the first (hashed to 25 characters if longer), a hash of key and part for the others. Stable across retries.</summary>
    public static string? NonceFor(string? idempotencyKey, int part)
    {
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            return null;
        }

        if (part == 0 && idempotencyKey.Length <= MaxNonceLength)
        {
            return idempotencyKey;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey + "#" + part));
        return Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_')[..MaxNonceLength];
    }

    private SendResult Classify(ChannelAddress channel, RestResult<Message> result)
    {
        var code = result.Error?.Code;
        switch (result.Status)
        {
            case 0:
                return SendResult.Retry(result.Failure ?? "no answer from Discord", result.RetryAfter);
            case 429:
                return SendResult.Retry("rate limited by Discord", result.RetryAfter ?? TimeSpan.FromSeconds(1));
            case 401:
                return SendResult.Retry("Discord rejected the bot token (401): check Discord:Token", TimeSpan.FromMinutes(10));
            case 403 when code == 50013:
                return SendResult.Permanent($"Missing Permissions: I may not post in <#{channel.ChannelId}>. I need View Channel, Send Messages and Embed Links there; a server admin can grant them {PermissionCalculator.WhereToGrant}");
            case 403:
                return SendResult.Permanent($"Missing Access: the bot cannot see <#{channel.ChannelId}> (it needs View Channel){(code is { } c && c != 50001 ? $" [code {c}]" : "")}");
            case 404:
                return SendResult.Permanent($"Unknown Channel: <#{channel.ChannelId}> was deleted or the bot was removed from its server");
            case >= 500:
                return SendResult.Retry($"Discord server error {result.Status}", result.RetryAfter);
            default:
                log.LogError("Discord refused a message for {Channel}: {Error}", channel, result.Describe());
                return SendResult.Permanent($"Discord refused the message: {result.Describe()}");
        }
    }

    private static bool IsDiscordChannel(ChannelAddress channel, out string problem)
    {
        if (!string.Equals(channel.Platform, PlatformName, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"{channel} is not a Discord channel";
            return false;
        }

        if (!DiscordOptions.IsSnowflake(channel.ChannelId))
        {
            problem = $"'{channel.ChannelId}' is not a Discord channel id";
            return false;
        }

        problem = "";
        return true;
    }
}
