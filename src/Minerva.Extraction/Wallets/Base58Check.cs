using System.Numerics;
using System.Security.Cryptography;

namespace Minerva.Extraction.Wallets;

/// <summary>Base58Check decoding (Bitcoin legacy and script addresses, Tron): payload plus a 4-byte double-SHA-256 checksum.</summary>
internal static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>The version byte of a valid 25-byte address, or -1.</summary>
    public static int VersionOf(string address)
    {
        BigInteger value = 0;
        foreach (var c in address)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0) return -1;
            value = value * 58 + digit;
        }
        var leadingZeros = address.TakeWhile(c => c == '1').Count();
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[leadingZeros + body.Length];
        body.CopyTo(bytes, leadingZeros);
        if (bytes.Length != 25) return -1;
        var hash = SHA256.HashData(SHA256.HashData(bytes.AsSpan(0, 21)));
        return hash.AsSpan(0, 4).SequenceEqual(bytes.AsSpan(21, 4)) ? bytes[0] : -1;
    }
}
