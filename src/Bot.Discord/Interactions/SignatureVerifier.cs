using System.Text;
using NSec.Cryptography;

namespace Bot.Discord.Interactions;

/// <summary>Checks Discord's Ed25519 signature of an HTTP interaction: <c>X-Signature-Ed25519</c> over
/// <c>X-Signature-Timestamp</c> followed by the raw body, with the application's public key.</summary>
public sealed class SignatureVerifier
{
    private readonly PublicKey _key;

    public SignatureVerifier(string publicKeyHex)
    {
        _key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(publicKeyHex.Trim()), KeyBlobFormat.RawPublicKey);
    }

    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp) || signatureHex.Length != 128)
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        var stamp = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[stamp.Length + body.Length];
        stamp.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(stamp.Length));
        return SignatureAlgorithm.Ed25519.Verify(_key, signed, signature);
    }
}
