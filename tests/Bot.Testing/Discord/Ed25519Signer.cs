using System.Numerics;
using System.Security.Cryptography;

namespace Bot.Testing.Discord;

/// <summary>RFC 8032 Ed25519 signing in plain BigInteger arithmetic: an implementation independent of the
/// adapter's (NSec/libsodium), used to sign the test's HTTP interactions as Discord would. Points are in extended
/// homogeneous coordinates (X, Y, Z, T) as in RFC 8032's reference code (section 6): no modular inversion until a
/// point is encoded, so a signature costs milliseconds rather than the tens of milliseconds affine additions took.</summary>
public sealed class Ed25519Signer
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger Bx = BigInteger.Parse("15112221349535400772501151409588531511454012693041857206046113283949847762202", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger By = BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly Point B = new(Bx, By, 1, Mod(Bx * By));

    private readonly BigInteger _a;
    private readonly byte[] _prefix;

    public Ed25519Signer(byte[] seed)
    {
        var h = SHA512.HashData(seed);
        var scalar = h[..32];
        scalar[0] &= 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        _a = FromLittleEndian(scalar);
        _prefix = h[32..];
        PublicKey = Encode(Multiply(B, _a));
    }

    public byte[] PublicKey { get; }

    public string PublicKeyHex => Convert.ToHexString(PublicKey).ToLowerInvariant();

    public static Ed25519Signer Random() => new(RandomNumberGenerator.GetBytes(32));

    public byte[] Sign(byte[] message)
    {
        var r = Mod(FromLittleEndian(SHA512.HashData([.. _prefix, .. message])), L);
        var encodedR = Encode(Multiply(B, r));
        var k = Mod(FromLittleEndian(SHA512.HashData([.. encodedR, .. PublicKey, .. message])), L);
        var s = Mod(r + (k * _a), L);
        return [.. encodedR, .. ToLittleEndian(s)];
    }

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * D);
        var d = Mod(2 * p.Z * q.Z);
        var (e, f, g, h) = (b - a, d - c, d + c, b + a);
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(Point point, BigInteger scalar)
    {
        var result = new Point(0, 1, 1, 0);
        var addend = point;
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            scalar >>= 1;
        }

        return result;
    }

    private static byte[] Encode(Point point)
    {
        var z = Inverse(point.Z);
        var x = Mod(point.X * z);
        var y = Mod(point.Y * z);
        var bytes = ToLittleEndian(y);
        if (!x.IsEven)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    private static BigInteger Mod(BigInteger value) => Mod(value, P);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = BigInteger.Remainder(value, modulus);
        return r.Sign < 0 ? r + modulus : r;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger FromLittleEndian(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLittleEndian(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    /// <summary>A point in extended homogeneous coordinates: x = X/Z, y = Y/Z, x·y = T/Z.</summary>
    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);
}
