using System.Diagnostics;
using Bot.Core.Subscriptions;
using Bot.Scheduling;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Bot.Benchmarks;

/// <summary>Planner ticks over many subscriptions in many time zones, on a real SQLite file. Half of the channels
/// keep the default post time (09:00 local), so when 09:00 reaches the most crowded UTC offset one tick finds
/// thousands due and claims a full batch; the other half are spread over the day.</summary>
public static class SchedulerBenchmark
{
    public static async Task RunAsync(string root, bool smoke, Report report)
    {
        const string section = "Scheduler: planner tick";
        var subscriptions = smoke ? 2_000 : 100_000;
        var zoneCount = smoke ? 40 : 400;
        var zones = Zones(zoneCount);
        var clock = new FakeTimeProvider(Instant.FromUtc(2027, 1, 6, 0, 0).ToDateTimeOffset());
        var options = new SchedulingOptions();
        await using var world = new SchedulerWorld(root, clock, options, new InstantPlatform("telegram"));

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"  inserting {subscriptions:N0} subscriptions over {zones.Count} time zones…");
        await world.SubscribeAsync(Enumerable.Range(0, subscriptions).Select(i => new Subscription
        {
            Platform = "telegram",
            ChannelId = (-1_000_000_000_000L - i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = zones[i % zones.Count],
            PostTime = i % 2 == 0 ? new LocalTime(9, 0) : new LocalTime(i / 7 % 24, i / 13 % 60),
        }));

        await world.Planner.TickAsync(CancellationToken.None);
        var idle = new Samples();
        for (var i = 0; i < (smoke ? 3 : 50); i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await world.Planner.TickAsync(CancellationToken.None);
            idle.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Due != 0)
            {
                throw new InvalidOperationException("nothing should be due on January 6 at midnight UTC");
            }
        }

        // Every 15 s (the default planner interval) from 07:00 to 08:15 UTC on January 7: 09:00 in UTC+1 and UTC+2.
        // Each interval runs the planner as its Quartz job does: ticks of one batch each until all that is due is claimed.
        var busy = new Samples();
        var mostClaimed = 0;
        var slowest = 0.0;
        PlanResult? largest = null;
        var reading = new Samples();
        var planning = new Samples();
        var claiming = new Samples();
        var largestRun = (Posts: 0, Ticks: 0, Ms: 0.0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var claimedTotal = 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        clock.SetUtcNow(Instant.FromUtc(2027, 1, 7, smoke ? 8 : 7, 0).ToDateTimeOffset());
        var end = Instant.FromUtc(2027, 1, 7, 8, 15);
        world.Planner.Ticked += result =>
        {
            var ms = result.Elapsed.TotalMilliseconds;
            busy.Add(ms);
            claimedTotal += result.Claimed;
            if (result.Claimed > mostClaimed || (result.Claimed == mostClaimed && ms > slowest))
            {
                mostClaimed = result.Claimed;
                slowest = ms;
                largest = result;
            }

            if (result.Claimed >= options.BatchSize / 2)
            {
                reading.Add(result.Reading.TotalMilliseconds);
                planning.Add(result.Planning.TotalMilliseconds);
                claiming.Add(result.Claiming.TotalMilliseconds);
            }
        };
        while (world.Now <= end)
        {
            var watch = Stopwatch.StartNew();
            var run = await world.Planner.RunAsync(CancellationToken.None);
            var ms = watch.Elapsed.TotalMilliseconds;
            var posts = run.Sum(t => t.Claimed);
            if (posts > largestRun.Posts)
            {
                largestRun = (posts, run.Count, ms);
            }

            clock.Advance(options.PlannerInterval);
        }

        var cpuPerClaim = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, claimedTotal);
        var allocatedPerClaim = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)Math.Max(1, claimedTotal);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var label = $"{subscriptions:N0} subscriptions, {zones.Count} zones";
        report.Info(section, $"idle tick p50 ({label}, nothing due)", idle.Percentile(50), "ms");
        report.AtMost(section, $"busy tick p99 ({busy.Count} ticks, runs every 15 s, 07:00–08:15 UTC)", busy.Percentile(99), "ms", 50);
        report.AtMost(section, $"largest tick: {mostClaimed:N0} posts claimed (batch size {options.BatchSize:N0})", slowest, "ms", 50);
        report.Info(section, $"largest run: all {largestRun.Posts:N0} posts due at one moment claimed, {largestRun.Ticks} ticks back to back", largestRun.Ms, "ms");
        if (largest is not null)
        {
            report.Info(section, "largest tick: of which reading the due subscriptions", largest.Reading.TotalMilliseconds, "ms");
            report.Info(section, "largest tick: of which planning their posts", largest.Planning.TotalMilliseconds, "ms");
            report.Info(section, "largest tick: of which the claim transaction", largest.Claiming.TotalMilliseconds, "ms");
        }

        if (claiming.Count > 0)
        {
            report.Info(section, $"claim transaction p50 over the {claiming.Count} ticks claiming ≥ {options.BatchSize / 2:N0} posts", claiming.Percentile(50), "ms",
                $"reading p50 {reading.Percentile(50):0.#} ms, planning p50 {planning.Percentile(50):0.#} ms");
        }

        report.Info(section, "process CPU per claimed post, 07:00–08:15 (planner and the sends it starts, all threads)", cpuPerClaim, "µs");
        report.Info(section, "allocated per claimed post", allocatedPerClaim / 1024, "KB");
        report.Info(section, "SQLite file per subscription (subscriptions, ledger, indexes)", FileBytes(world.DatabasePath) / subscriptions, "bytes");
        report.Info(section, "managed heap retained per subscription", Math.Max(0, heapAfter - heapBefore) / (double)subscriptions, "bytes",
            "subscriptions live in SQLite, not in memory; this includes the queued delivery ids");
    }

    /// <summary>The first <paramref name="count"/> IANA zones in a fixed order, skipping Etc/ aliases, spread over
    /// the whole list so every UTC offset is represented.</summary>
    private static List<string> Zones(int count)
    {
        var ids = DateTimeZoneProviders.Tzdb.Ids.Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return [.. Enumerable.Range(0, Math.Min(count, ids.Count)).Select(i => ids[(int)((long)i * ids.Count / Math.Min(count, ids.Count))])];
    }

    private static double FileBytes(string database) =>
        new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => (double)new FileInfo(f).Length);
}
