using Microsoft.Extensions.Configuration;
using Shouldly;

namespace Bot.Storage.Tests;

public sealed class StoreOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Retries_of_the_PostgreSQL_opening_are_read_from_Storage_Retries()
    {
        var options = StoreOptions.Read(Settings(("Storage:Retries:MaxAttempts", "2"), ("Storage:Retries:FirstDelay", "00:00:03")));

        options.Retries.MaxAttempts.ShouldBe(2);
        options.Retries.FirstDelay.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_retry_setting_out_of_range_stops_start_up_naming_Storage_Retries()
    {
        Should.Throw<InvalidOperationException>(() => StoreOptions.Read(Settings(("Storage:Retries:MaxAttempts", "0"))))
            .Message.ShouldStartWith("Storage:Retries must have MaxAttempts ≥ 1");
    }
}
