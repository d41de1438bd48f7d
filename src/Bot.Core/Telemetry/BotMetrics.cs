using System.Diagnostics.Metrics;

namespace Bot.Core.Telemetry;

/// <summary>The bot's instruments, recorded where things happen and exported by the host (<c>/metrics</c>).
/// Tags: <c>platform</c> on posts and replies, <c>kind</c> on questions.</summary>
public static class BotMetrics
{
    public const string MeterName = "AnniversaryBot";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> PostsDelivered =
        Meter.CreateCounter<long>("bot_posts_delivered", description: "Scheduled posts the platform accepted.");

    public static readonly Counter<long> PostsFailed =
        Meter.CreateCounter<long>("bot_posts_failed", description: "Scheduled posts that failed permanently.");

    public static readonly Counter<long> PostsRetried =
        Meter.CreateCounter<long>("bot_posts_retried", description: "Scheduled post attempts that will be retried.");

    public static readonly Counter<long> PostsUncertain =
        Meter.CreateCounter<long>("bot_posts_uncertain", description: "Sends whose outcome is unknown and that are not repeated.");

    public static readonly Counter<long> PostsSkipped =
        Meter.CreateCounter<long>("bot_posts_skipped", description: "Scheduled posts skipped: due outside the catch-up window.");

    public static readonly Counter<long> PostsPossiblyDuplicated =
        Meter.CreateCounter<long>("bot_posts_possibly_duplicated", description: "Sends repeated after a crash on a platform without idempotency.");

    public static readonly Counter<long> QuestionsAnswered =
        Meter.CreateCounter<long>("bot_questions_answered", description: "Questions answered from the documents.");

    public static readonly Counter<long> QuestionsDeclined =
        Meter.CreateCounter<long>("bot_questions_declined", description: "Questions declined: the documents do not say.");

    public static readonly Counter<long> CommandsHandled =
        Meter.CreateCounter<long>("bot_commands_handled", description: "Chat commands handled, by platform.");

    public static readonly Counter<long> GatewayReconnects =
        Meter.CreateCounter<long>("bot_gateway_reconnects", description: "Discord gateway reconnections.");

    public static readonly Counter<long> PlatformSends =
        Meter.CreateCounter<long>("bot_platform_sends", description: "Messages sent to a chat platform, by platform and outcome.");

    public static readonly Counter<long> UpdatesHandled =
        Meter.CreateCounter<long>("bot_updates_handled", description: "Incoming platform updates handled, by platform and result.");

    public static readonly Histogram<double> AnswerSeconds =
        Meter.CreateHistogram<double>("bot_answer_duration", unit: "s", description: "Time to answer one question.");

    public static readonly Histogram<double> CommandSeconds =
        Meter.CreateHistogram<double>("bot_command_duration", unit: "s", description: "Time from a command's arrival to its reply.");

    public static readonly Histogram<double> DeliverySeconds =
        Meter.CreateHistogram<double>("bot_delivery_duration", unit: "s", description: "Time to send one scheduled post.");
}
