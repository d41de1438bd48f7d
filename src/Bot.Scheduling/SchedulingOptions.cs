using Bot.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Bot.Scheduling;

/// <summary>The <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often the planner looks for due posts.</summary>
    public TimeSpan PlannerInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries in flight at once across all platforms; each adapter's own rate limits are the real limiter.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>At most this many due subscriptions are claimed per tick, in one transaction; more due at once are
    /// claimed by further ticks straight after (<see cref="DeliveryPlanner.RunAsync"/>).</summary>
    public int BatchSize { get; set; } = 250;

    /// <summary>Consecutive permanent failures (for example a failed pre-flight check) after which a subscription pauses itself.</summary>
    public int PermanentFailuresBeforePause { get; set; } = 3;

    /// <summary>How late a post may still go out after its due time; empty (the default) means until the end of its local day.</summary>
    public TimeSpan? CatchUpWindow { get; set; }

    /// <summary>First retry delay without a platform retry-after; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Subscriptions of guilds or chats the bot has left are deleted after this many days.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Check the bot may post (the adapter's pre-flight) before each scheduled send.</summary>
    public bool PreflightBeforeSend { get; set; } = true;

    /// <summary>Quartz's job store: <c>Store</c> (persistent, in the bot's store: SQLite, or PostgreSQL clustered
    /// by <c>Storage:Provider</c>) or <c>Memory</c>.</summary>
    public string QuartzStore { get; set; } = "Store";

    /// <summary>PostgreSQL mode: how long an instance holds a delivery it is sending; after that (the instance
    /// died) another instance takes it over. Longer than any send, retry-after waits included.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>PostgreSQL mode: how often each instance looks for deliveries nobody holds (unstarted, or of a dead instance).</summary>
    public TimeSpan TakeOverInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL mode: Quartz's cluster check-in interval. A dead instance's planner is taken over within
    /// twice this (Quartz's check-in misfire threshold is set to the same interval).</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>This instance's name in the cluster and in the ledger's leases; empty: host name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary><see cref="InstanceId"/>, or a generated one fixed for the life of this options object.</summary>
    public string ResolvedInstanceId => string.IsNullOrWhiteSpace(InstanceId)
        ? InstanceId = Bot.Storage.StoreOptions.NewInstanceId()
        : InstanceId;

    public string DefaultTimeZone { get; set; } = "Asia/Phnom_Penh";

    public string DefaultPostTime { get; set; } = "09:00";
}

/// <summary>A bad value stops start-up with one line naming the key and what is valid.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var errors = new List<string>();
        if (options.PlannerInterval < TimeSpan.FromSeconds(1) || options.PlannerInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Scheduling:PlannerInterval must be between 00:00:01 and 00:05:00 (is {options.PlannerInterval}).");
        }

        if (options.MaxConcurrency is < 1 or > 1024)
        {
            errors.Add($"Scheduling:MaxConcurrency must be between 1 and 1024 (is {options.MaxConcurrency}).");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            errors.Add($"Scheduling:BatchSize must be between 1 and 100000 (is {options.BatchSize}).");
        }

        if (options.PermanentFailuresBeforePause is < 1 or > 100)
        {
            errors.Add($"Scheduling:PermanentFailuresBeforePause must be between 1 and 100 (is {options.PermanentFailuresBeforePause}).");
        }

        if (options.CatchUpWindow is { } window && (window < TimeSpan.Zero || window > TimeSpan.FromDays(2)))
        {
            errors.Add($"Scheduling:CatchUpWindow must be between 00:00:00 and 2.00:00:00, or empty for the same local day (is {window}).");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Scheduling:RetryBaseDelay must be positive and Scheduling:RetryMaxDelay at least as long.");
        }

        if (options.RetentionDays is < 1 or > 3650)
        {
            errors.Add($"Scheduling:RetentionDays must be between 1 and 3650 (is {options.RetentionDays}).");
        }

        if (options.QuartzStore is not ("Store" or "Memory"))
        {
            errors.Add($"Scheduling:QuartzStore must be Store or Memory (is '{options.QuartzStore}').");
        }

        if (options.DeliveryLease < TimeSpan.FromSeconds(10) || options.DeliveryLease > TimeSpan.FromHours(1))
        {
            errors.Add($"Scheduling:DeliveryLease must be between 00:00:10 and 01:00:00 (is {options.DeliveryLease}).");
        }

        if (options.TakeOverInterval < TimeSpan.FromMilliseconds(100) || options.TakeOverInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Scheduling:TakeOverInterval must be between 00:00:00.1 and 00:05:00 (is {options.TakeOverInterval}).");
        }

        if (options.ClusterCheckinInterval < TimeSpan.FromSeconds(1) || options.ClusterCheckinInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Scheduling:ClusterCheckinInterval must be between 00:00:01 and 00:05:00 (is {options.ClusterCheckinInterval}).");
        }

        var zone = SubscriptionValidation.ParseZone(options.DefaultTimeZone);
        if (!zone.Ok)
        {
            errors.Add("Scheduling:DefaultTimeZone: " + zone.Error);
        }

        var time = SubscriptionValidation.ParseTime(options.DefaultPostTime);
        if (!time.Ok)
        {
            errors.Add("Scheduling:DefaultPostTime: " + time.Error);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
