using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Bot.Core.Scheduling;

/// <summary>The idempotency key of one delivery: stable across retries and restarts, derived only from the
/// subscription, the occasion and the local date, at most 25 characters (Discord's nonce limit).</summary>
public static class DeliveryKey
{
    public const int MaxLength = 25;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>"ab" + 20 base-32 characters of SHA-256("subscription|occasion|yyyy-MM-dd"): 22 characters.</summary>
    public static string For(long subscriptionId, string occasionId, LocalDate localDate)
    {
        var input = $"{subscriptionId}|{occasionId}|{LocalDatePattern.Iso.Format(localDate)}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        var key = new StringBuilder("ab", 22);
        ulong buffer = 0;
        var bits = 0;
        var index = 0;
        while (key.Length < 22)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | hash[index++];
                bits += 8;
            }

            key.Append(Alphabet[(int)((buffer >> (bits - 5)) & 31)]);
            bits -= 5;
        }

        return key.ToString();
    }
}
