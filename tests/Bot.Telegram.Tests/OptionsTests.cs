using Shouldly;

namespace Bot.Telegram.Tests;

public sealed class OptionsTests
{
    private static TelegramOptions Valid() => new() { Token = "123456:ABC-def_ghi" };

    [Fact]
    public void Valid_polling_options_pass() =>
        new TelegramOptionsValidator().Validate(null, Valid()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Webhook_mode_needs_a_url_and_a_secret_and_says_which_key_is_wrong()
    {
        var options = Valid();
        options.Mode = "webhook";

        var failures = TelegramOptionsValidator.Check(options).ToList();

        failures.Count.ShouldBe(2);
        failures[0].ShouldStartWith("Telegram:WebhookUrl ");
        failures[1].ShouldStartWith("Telegram:WebhookSecret ");
        failures.ShouldAllBe(f => !f.Contains('\n'));
    }

    [Theory]
    [InlineData("Mode", "Telegram:Mode ")]
    [InlineData("ApiBaseUrl", "Telegram:ApiBaseUrl ")]
    [InlineData("Token", "Telegram:Token ")]
    public void A_bad_value_is_named_by_its_key_and_the_token_is_never_shown(string key, string expected)
    {
        var options = Valid();
        switch (key)
        {
            case "Mode":
                options.Mode = "Pigeon";
                break;
            case "ApiBaseUrl":
                options.ApiBaseUrl = "api.telegram.org";
                break;
            default:
                options.Token = "not a token but a secret";
                break;
        }

        var failure = TelegramOptionsValidator.Check(options).ShouldHaveSingleItem();

        failure.ShouldStartWith(expected);
        failure.ShouldNotContain("secret");
    }
}
