using System.Numerics;
using System.Security.Cryptography;

namespace Minerva.Generator;

/// <summary>Valid (checksummed) Bitcoin P2PKH addresses for random keys, written independently of Minerva's decoder.</summary>
internal static class Wallets
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string NewP2pkh(Random random)
    {
        var payload = new byte[21];
        random.NextBytes(payload.AsSpan(1));
        var checksum = SHA256.HashData(SHA256.HashData(payload));
        var bytes = payload.Concat(checksum.Take(4)).ToArray();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new List<char>();
        while (value > 0)
        {
            chars.Add(Alphabet[(int)(value % 58)]);
            value /= 58;
        }
        chars.AddRange(bytes.TakeWhile(b => b == 0).Select(_ => '1'));
        chars.Reverse();
        return new string(chars.ToArray());
    }
}
