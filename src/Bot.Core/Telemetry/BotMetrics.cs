using System.Diagnostics.Metrics;

namespace Bot.Core.Telemetry;

/// <summary>The bot's instruments, recorded where things happen and exported by the host (<c>/metrics</c>).
/// Tags: <c>platform</c> on posts, questions, commands and every histogram, <c>outcome</c> on posts, <c>command</c> on
/// commands.</summary>
public static class BotMetrics
{
    public const string MeterName = "AnniversaryBot";

    private static readonly Meter Meter = new(MeterName);

    // Seconds, from a cached answer (a millisecond) to a slow platform call; the library's default buckets are
    // milliseconds-sized and would put every answer in the first two.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static Func<int> _deliveryQueueDepth = () => 0;

    public static readonly Counter<long> PostsPlanned =
        Meter.CreateCounter<long>("bot_posts_planned", description: "Scheduled posts claimed in the delivery ledger, by platform.");

    public static readonly Counter<long> Posts =
        Meter.CreateCounter<long>("bot_posts", description: "Scheduled posts by platform and outcome (see PostOutcomes).");

    public static readonly Counter<long> QuestionsAsked =
        Meter.CreateCounter<long>("bot_questions_asked", description: "Questions asked, by platform.");

    public static readonly Counter<long> QuestionsAnswered =
        Meter.CreateCounter<long>("bot_questions_answered", description: "Questions answered from the documents.");

    public static readonly Counter<long> QuestionsDeclined =
        Meter.CreateCounter<long>("bot_questions_declined", description: "Questions declined: the documents do not say.");

    public static readonly Counter<long> CommandsHandled =
        Meter.CreateCounter<long>("bot_commands_handled", description: "Chat commands handled, by platform and command.");

    public static readonly Counter<long> GatewayReconnects =
        Meter.CreateCounter<long>("bot_gateway_reconnects", description: "Discord gateway reconnections, by whether the session resumed.");

    public static readonly Counter<long> PlatformSends =
        Meter.CreateCounter<long>("bot_platform_sends", description: "Messages sent to a chat platform, by platform and outcome.");

    public static readonly Counter<long> UpdatesHandled =
        Meter.CreateCounter<long>("bot_updates_handled", description: "Incoming platform updates handled, by platform and result.");

    public static readonly Histogram<double> AnswerSeconds =
        Meter.CreateHistogram("bot_answer_duration", unit: "s", description: "Time to answer one question.", tags: null, advice: SecondsBuckets);

    public static readonly Histogram<double> CommandSeconds =
        Meter.CreateHistogram("bot_command_duration", unit: "s", description: "Time from a command's arrival to its reply.", tags: null, advice: SecondsBuckets);

    public static readonly Histogram<double> DeliverySeconds =
        Meter.CreateHistogram("bot_delivery_duration", unit: "s", description: "Time to send one scheduled post.", tags: null, advice: SecondsBuckets);

    /// <summary>Every histogram, each recorded with the <c>platform</c> tag alone: the host lists them at zero until
    /// their first observation (see <see cref="StartAtZero"/>).</summary>
    public static IReadOnlyList<Histogram<double>> Histograms { get; } = [AnswerSeconds, CommandSeconds, DeliverySeconds];

    public static readonly ObservableGauge<int> DeliveryQueueDepth =
        Meter.CreateObservableGauge("bot_delivery_queue_depth", () => _deliveryQueueDepth(), description: "Scheduled posts queued or being sent by this instance.");

    /// <summary>Where <c>bot_delivery_queue_depth</c> reads from: the running delivery pipeline (zero until one runs).</summary>
    public static void ObserveDeliveryQueue(Func<int> depth) => _deliveryQueueDepth = depth;

    /// <summary>Records zero on every series whose labels are known at start (the platforms that are on, every
    /// command, every post outcome), so a first scrape lists them all and a rate over the first event is right.
    /// Not the histograms: a recorded zero would count as one observation; the host's scrape endpoint writes their
    /// zero series instead (<c>HistogramsAtZero</c>).</summary>
    public static void StartAtZero(IReadOnlyCollection<string> platforms, IReadOnlyCollection<string> commands)
    {
        foreach (var name in platforms)
        {
            var platform = Tag("platform", name);
            PostsPlanned.Add(0, platform);
            foreach (var outcome in PostOutcomes.All)
            {
                Posts.Add(0, platform, Tag("outcome", outcome));
            }

            QuestionsAsked.Add(0, platform);
            QuestionsAnswered.Add(0, platform);
            QuestionsDeclined.Add(0, platform);
            foreach (var command in commands)
            {
                CommandsHandled.Add(0, platform, Tag("command", command));
            }
        }

        GatewayReconnects.Add(0, Tag("resume", true));
        GatewayReconnects.Add(0, Tag("resume", false));
    }

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}

/// <summary>The <c>outcome</c> label of <c>bot_posts</c>.</summary>
public static class PostOutcomes
{
    public const string Sent = "sent";
    public const string Retried = "retried";
    public const string Failed = "failed";
    public const string Uncertain = "uncertain";
    public const string Skipped = "skipped";
    public const string PossiblyDuplicated = "possibly_duplicated";

    public static IReadOnlyList<string> All { get; } = [Sent, Retried, Failed, Uncertain, Skipped, PossiblyDuplicated];
}
