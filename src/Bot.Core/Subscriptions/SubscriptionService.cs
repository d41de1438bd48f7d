using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace Bot.Core.Subscriptions;

/// <summary>The result of a change: the subscription as saved, or why nothing was saved.</summary>
public sealed record SubscriptionChange(Subscription? Subscription, string? Error)
{
    public bool Ok => Error is null;

    /// <summary>Time zones the input could mean, when it was refused for naming several: the reply asks which.</summary>
    public IReadOnlyList<string> ZoneChoices { get; init; } = [];

    public static SubscriptionChange Refused(string error) => new(null, error);

    public static SubscriptionChange Refused(ZoneReading zone) => new(null, zone.Error) { ZoneChoices = zone.Choices };
}

/// <summary>Every change to subscriptions goes through here: validated first, saved whole with its audit entry,
/// and the next due instant recomputed with <see cref="PostCalendar"/>. Nothing is ever half-saved.</summary>
public sealed class SubscriptionService(
    ISubscriptionStore store,
    IOccasionCatalog occasions,
    SchedulingDefaults defaults,
    TimeProvider time) : IChannelEvents
{
    public const string NotSubscribed = "This channel has no scheduled posts yet. A moderator can start them with /setup.";

    public const string OccasionNeedsSetup = "A chat's own occasions are posted on its schedule, and this channel has none yet: start it with /setup (for example /setup 9am UTC), then add the occasion again.";

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public SchedulingDefaults Defaults => defaults;

    public Task<Subscription?> FindAsync(ChannelAddress channel, CancellationToken cancellationToken) =>
        store.FindAsync(channel.Platform, channel.ChannelId, cancellationToken);

    /// <summary>Subscribes the channel (or updates its time and zone), enabled, with the defaults for what is not given.</summary>
    public async Task<SubscriptionChange> SetupAsync(ChannelAddress channel, Caller caller, string? timeText, string? zoneText, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(channel, cancellationToken);
        var postTime = existing?.PostTime ?? defaults.Time;
        if (timeText is not null)
        {
            var parsed = SubscriptionValidation.ParseTime(timeText);
            if (!parsed.Ok)
            {
                return SubscriptionChange.Refused(parsed.Error!);
            }

            postTime = parsed.Value;
        }

        var zone = existing?.TimeZone ?? defaults.TimeZone;
        if (zoneText is not null)
        {
            var parsed = ZoneInput.Read(zoneText);
            if (!parsed.Ok)
            {
                return SubscriptionChange.Refused(parsed);
            }

            zone = parsed.Zone!.Id;
        }

        var subscription = (existing ?? new Subscription { Platform = channel.Platform, ChannelId = channel.ChannelId }) with
        {
            GuildId = channel.GuildId ?? existing?.GuildId,
            PostTime = postTime,
            TimeZone = zone,
            Enabled = true,
            PausedReason = null,
            ConsecutiveFailures = 0,
            BotRemovedAt = null,
        };
        var detail = $"time {Format(postTime)}, zone {zone}, occasions {subscription.Occasions.Serialize()}";
        return await SaveAsync(subscription, caller, existing is null ? "subscribe" : "setup", detail, cancellationToken);
    }

    public Task<SubscriptionChange> SetTimeAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var parsed = SubscriptionValidation.ParseTime(text);
        return parsed.Ok
            ? UpdateAsync(channel, caller, s => s with { PostTime = parsed.Value }, "time", $"time {Format(parsed.Value)}", cancellationToken)
            : Task.FromResult(SubscriptionChange.Refused(parsed.Error!));
    }

    public Task<SubscriptionChange> SetZoneAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var parsed = ZoneInput.Read(text);
        return parsed.Ok
            ? UpdateAsync(channel, caller, s => s with { TimeZone = parsed.Zone!.Id }, "timezone", $"zone {parsed.Zone!.Id}", cancellationToken)
            : Task.FromResult(SubscriptionChange.Refused(parsed));
    }

    public async Task<SubscriptionChange> SetOccasionsAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var numbered = ChatOccasions.For(await occasions.AllAsync(cancellationToken), await FindAsync(channel, cancellationToken)).Numbered;
        var parsed = SubscriptionValidation.ParseOccasions(text, numbered);
        return parsed.Ok
            ? await UpdateAsync(channel, caller, s => s with { Occasions = parsed.Value! }, "occasions", parsed.Value!.Serialize(), cancellationToken)
            : SubscriptionChange.Refused(parsed.Error!);
    }

    /// <summary>Adds the chat's own occasion (/occasion add MM-DD [YYYY] Title), audited with who added it.</summary>
    public async Task<SubscriptionChange> AddOccasionAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        // The input is read before the channel's schedule is looked at, so that a bad date is named as such even in a
        // channel not yet set up (its year is then today's in UTC).
        var existing = await FindAsync(channel, cancellationToken);
        var zone = existing is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[existing.TimeZone];
        var parsed = OwnOccasionParser.Parse(text, PostCalendar.Today(Now, zone).Year);
        if (!parsed.Ok)
        {
            return SubscriptionChange.Refused(parsed.Error!);
        }

        if (existing is null)
        {
            return SubscriptionChange.Refused(OccasionNeedsSetup);
        }

        var input = parsed.Value!;
        if (existing.OwnOccasions.Count >= OwnOccasion.MaxPerChat)
        {
            return SubscriptionChange.Refused($"This chat already has {OwnOccasion.MaxPerChat} occasions of its own, the most it can keep; remove one first with /occasion remove.");
        }

        if (existing.OwnOccasions.Any(o => o.Month == input.Month && o.Day == input.Day && string.Equals(o.Title, input.Title, StringComparison.OrdinalIgnoreCase)))
        {
            return SubscriptionChange.Refused($"This chat already has '{input.Title}' on {input.Month:00}-{input.Day:00}.");
        }

        var added = new OwnOccasion(NewOccasionId(existing, input), input.Month, input.Day, input.Year, input.Title, Who(caller), Now);
        return await SaveAsync(existing with { OwnOccasions = [.. existing.OwnOccasions, added] }, caller, "occasion-add", $"{added.DateText} {added.Title}", cancellationToken);
    }

    /// <summary>Removes one of the chat's own occasions, named by its /occasions number or title; a post not yet
    /// claimed for it is not made.</summary>
    public async Task<SubscriptionChange> RemoveOccasionAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(channel, cancellationToken);
        if (existing is null)
        {
            return SubscriptionChange.Refused(NotSubscribed);
        }

        if (existing.OwnOccasions.Count == 0)
        {
            return SubscriptionChange.Refused("This chat has no occasions of its own to remove; add one with " + OwnOccasionInput.Usage + ".");
        }

        var found = ChatOccasions.For(await occasions.AllAsync(cancellationToken), existing).Find(text, ownOnly: true);
        if (!found.Ok)
        {
            return SubscriptionChange.Refused(found.Error!);
        }

        var removed = existing.OwnOccasions.First(o => o.Id == found.Value!.Id);
        return await SaveAsync(existing with { OwnOccasions = [.. existing.OwnOccasions.Where(o => o.Id != removed.Id)] }, caller, "occasion-remove", $"{removed.DateText} {removed.Title}", cancellationToken);
    }

    /// <summary>An id from the instant the occasion is added and its day and title, so a removed occasion's
    /// deliveries in the ledger are not taken for those of one added later.</summary>
    private string NewOccasionId(Subscription subscription, OwnOccasionInput input)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{input.Month}-{input.Day}-{input.Title}")))[..6];
        var stamp = Now.ToUnixTimeMilliseconds();
        while (subscription.OwnOccasions.Any(o => o.Id == OwnId(stamp)))
        {
            stamp++;
        }

        return OwnId(stamp);

        string OwnId(long at) => $"own-{at.ToString("x", System.Globalization.CultureInfo.InvariantCulture)}-{hash}";
    }

    public Task<SubscriptionChange> SetTemplateAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var input = text?.Trim();
        if (string.IsNullOrEmpty(input) || input.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return UpdateAsync(channel, caller, s => s with { Template = null }, "template", "default", cancellationToken);
        }

        var error = PostTemplate.Validate(input);
        return error is null
            ? UpdateAsync(channel, caller, s => s with { Template = input }, "template", input, cancellationToken)
            : Task.FromResult(SubscriptionChange.Refused(error));
    }

    public Task<SubscriptionChange> SetRoleAsync(ChannelAddress channel, Caller caller, string? text, CancellationToken cancellationToken)
    {
        var parsed = SubscriptionValidation.ParseRole(text);
        return parsed.Ok
            ? UpdateAsync(channel, caller, s => s with { MentionRoleId = parsed.Value }, "role", parsed.Value ?? "none", cancellationToken)
            : Task.FromResult(SubscriptionChange.Refused(parsed.Error!));
    }

    public Task<SubscriptionChange> PauseAsync(ChannelAddress channel, Caller caller, string? reason, CancellationToken cancellationToken)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? $"paused by {caller.DisplayName}" : reason.Trim();
        return UpdateAsync(channel, caller, s => s with { Enabled = false, PausedReason = why }, "pause", why, cancellationToken);
    }

    /// <summary>Resumes from now on: days missed while paused are not caught up.</summary>
    public Task<SubscriptionChange> ResumeAsync(ChannelAddress channel, Caller caller, CancellationToken cancellationToken) =>
        UpdateAsync(channel, caller, s => s with { Enabled = true, PausedReason = null, ConsecutiveFailures = 0 }, "resume", "resumed", cancellationToken);

    public async Task<bool> UnsubscribeAsync(ChannelAddress channel, Caller caller, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(channel, cancellationToken);
        return existing is not null && await store.DeleteAsync(existing.Id, Who(caller), Now, "unsubscribed", cancellationToken);
    }

    /// <summary>Pauses a subscription on the scheduler's behalf (a platform refused for good), with the reason.</summary>
    public async Task PauseBySystemAsync(long subscriptionId, string reason, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(subscriptionId, cancellationToken);
        if (existing is null || !existing.Enabled)
        {
            return;
        }

        await store.SaveAsync(existing with { Enabled = false, PausedReason = reason, NextDueUtc = null, NextLocalDate = null, ChangedBy = "system", ChangedAt = Now }, "pause", reason, cancellationToken);
    }

    /// <summary>Moves a subscription to the channel id a platform named (Telegram group → supergroup migration).</summary>
    public async Task<Subscription?> MoveAsync(long subscriptionId, string newChannelId, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(subscriptionId, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        var clash = await store.FindAsync(existing.Platform, newChannelId, cancellationToken);
        if (clash is not null && clash.Id != existing.Id)
        {
            // The new chat already has its own settings: keep them, and retire the old id's.
            await store.DeleteAsync(existing.Id, "system", Now, $"chat moved to {newChannelId}, which has its own subscription", cancellationToken);
            return clash;
        }

        return await store.SaveAsync(existing with { ChannelId = newChannelId, ChangedBy = "system", ChangedAt = Now }, "move", $"channel {existing.ChannelId} moved to {newChannelId}", cancellationToken);
    }

    public async Task ChannelRemovedAsync(ChannelAddress channel, string reason, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(channel, cancellationToken);
        if (existing is not null && existing.Enabled)
        {
            await store.SaveAsync(existing with { Enabled = false, PausedReason = reason, NextDueUtc = null, NextLocalDate = null, ChangedBy = "system", ChangedAt = Now }, "pause", reason, cancellationToken);
        }
    }

    public async Task BotRemovedAsync(string platform, string guildId, string reason, CancellationToken cancellationToken)
    {
        foreach (var subscription in await store.ByGuildAsync(platform, guildId, cancellationToken))
        {
            await store.SaveAsync(subscription with
            {
                Enabled = false,
                PausedReason = subscription.Enabled ? reason : subscription.PausedReason,
                NextDueUtc = null,
                NextLocalDate = null,
                BotRemovedAt = subscription.BotRemovedAt ?? Now,
                ChangedBy = "system",
                ChangedAt = Now,
            }, "bot-removed", reason, cancellationToken);
        }
    }

    public async Task BotPresentAsync(string platform, string guildId, CancellationToken cancellationToken)
    {
        foreach (var subscription in (await store.ByGuildAsync(platform, guildId, cancellationToken)).Where(s => s.BotRemovedAt is not null))
        {
            await store.SaveAsync(subscription with { BotRemovedAt = null, ChangedBy = "system", ChangedAt = Now },
                "bot-present", "the bot is back; removal cancelled (posts stay paused until /resume)", cancellationToken);
        }
    }

    /// <summary>Deletes subscriptions whose bot left more than <paramref name="retention"/> ago; returns how many.</summary>
    public async Task<int> RemoveAbandonedAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = Now;
        var removed = 0;
        foreach (var subscription in await store.RemovedBeforeAsync(now - Duration.FromTimeSpan(retention), cancellationToken))
        {
            if (await store.DeleteAsync(subscription.Id, "system", now, $"removed {retention.TotalDays:0} days after the bot left", cancellationToken))
            {
                removed++;
            }
        }

        return removed;
    }

    private async Task<SubscriptionChange> UpdateAsync(ChannelAddress channel, Caller caller, Func<Subscription, Subscription> change, string action, string detail, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(channel, cancellationToken);
        if (existing is null)
        {
            return SubscriptionChange.Refused(NotSubscribed);
        }

        return await SaveAsync(change(existing), caller, action, detail, cancellationToken);
    }

    private async Task<SubscriptionChange> SaveAsync(Subscription subscription, Caller caller, string action, string detail, CancellationToken cancellationToken)
    {
        var now = Now;
        var all = await occasions.AllAsync(cancellationToken);
        var next = subscription.Enabled ? PostCalendar.NextAfter(now, subscription, all) : null;
        var saved = await store.SaveAsync(subscription with
        {
            ChangedBy = Who(caller),
            ChangedAt = now,
            NextDueUtc = next?.DueUtc,
            NextLocalDate = next?.Date,
        }, action, detail, cancellationToken);
        return new SubscriptionChange(saved, null);
    }

    private static string Who(Caller caller) => $"{caller.DisplayName} ({caller.UserId})";

    public static string Format(LocalTime time) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(time);
}
