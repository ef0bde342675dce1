namespace Minerva.Extraction.Wallets;

/// <summary>Bech32 (BIP-173) and Bech32m (BIP-350) checksum verification for segwit addresses.</summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    /// <summary>Whether <paramref name="address"/> is a valid segwit address with human-readable part <paramref name="hrp"/>.</summary>
    public static bool IsValid(string address, string hrp)
    {
        if (address.Any(char.IsUpper) && address.Any(char.IsLower)) return false; // mixed case is invalid by spec
        var lower = address.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator != hrp.Length || !lower.StartsWith(hrp, StringComparison.Ordinal) || lower.Length - separator < 7) return false;
        var data = new List<byte>();
        foreach (var c in lower.AsSpan(separator + 1))
        {
            var v = Charset.IndexOf(c, StringComparison.Ordinal);
            if (v < 0) return false;
            data.Add((byte)v);
        }
        var checksum = Polymod(Expand(hrp).Concat(data));
        var witnessVersion = data[0];
        // Version 0 uses Bech32, versions 1-16 use Bech32m.
        return witnessVersion == 0 ? checksum == Bech32Constant : witnessVersion <= 16 && checksum == Bech32mConstant;
    }

    private static IEnumerable<byte> Expand(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint[] generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
                if (((top >> i) & 1) != 0) chk ^= generator[i];
        }
        return chk;
    }
}
