using Bot.Core.Scheduling;
using Bot.Host;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Shouldly;

namespace Bot.Host.Tests;

/// <summary>The default post time and zone in settings are read as /setup reads them.</summary>
public sealed class SchedulingDefaultsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "defaults-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Settings_may_give_the_default_time_and_zone_as_people_type_them()
    {
        var builder = BotHost.CreateBuilder(
        [
            "facts",
            $"--ConnectionStrings:Bot=Data Source={Path.Combine(_folder, "bot.db")}",
            "--Scheduling:DefaultPostTime=9:30 pm",
            "--Scheduling:DefaultTimeZone=Phnom Penh",
        ]);
        builder.AddStore().AddScheduling();
        await using var app = builder.Build();

        var defaults = app.Services.GetRequiredService<SchedulingDefaults>();

        defaults.Time.ShouldBe(new LocalTime(21, 30));
        defaults.TimeZone.ShouldBe("Asia/Phnom_Penh");
    }
}
