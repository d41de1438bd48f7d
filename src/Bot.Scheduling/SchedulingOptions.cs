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

    /// <summary>At most this many due subscriptions are claimed per tick (the rest on the next tick).</summary>
    public int BatchSize { get; set; } = 2000;

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

    /// <summary>Quartz's job store: <c>Sqlite</c> (persistent, in the bot's store) or <c>Memory</c>.</summary>
    public string QuartzStore { get; set; } = "Sqlite";

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

        if (options.QuartzStore is not ("Sqlite" or "Memory"))
        {
            errors.Add($"Scheduling:QuartzStore must be Sqlite or Memory (is '{options.QuartzStore}').");
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
