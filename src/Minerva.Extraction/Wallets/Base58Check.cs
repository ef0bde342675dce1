using System.Security.Cryptography;

namespace Minerva.Extraction.Wallets;

/// <summary>Base58Check decoding (Bitcoin legacy and script addresses, Tron): payload plus a 4-byte double-SHA-256 checksum.</summary>
internal static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int AddressBytes = 25;

    /// <summary>The version byte of a valid 25-byte address, or -1.</summary>
    /// <remarks>Decodes into a fixed 25-byte buffer (no big integers): every long word of every ad is a candidate.</remarks>
    public static int VersionOf(string address)
    {
        Span<byte> bytes = stackalloc byte[AddressBytes];
        bytes.Clear();
        foreach (var c in address)
        {
            var carry = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0) return -1;
            for (var i = AddressBytes - 1; i >= 0; i--)
            {
                carry += 58 * bytes[i];
                bytes[i] = (byte)carry;
                carry >>= 8;
            }
            if (carry != 0) return -1; // longer than an address
        }
        // Each leading '1' stands for one leading zero byte, and only those may be zero.
        var ones = address.AsSpan().IndexOfAnyExcept('1');
        if (ones < 0) ones = address.Length;
        var zeros = bytes.IndexOfAnyExcept((byte)0);
        if (zeros < 0) zeros = AddressBytes;
        if (ones != zeros) return -1;
        Span<byte> once = stackalloc byte[32];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..21], once);
        SHA256.HashData(once, hash);
        return hash[..4].SequenceEqual(bytes.Slice(21, 4)) ? bytes[0] : -1;
    }
}
