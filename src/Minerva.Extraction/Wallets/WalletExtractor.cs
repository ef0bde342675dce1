using System.Text;
using System.Text.RegularExpressions;
using Minerva.Core;

namespace Minerva.Extraction.Wallets;

/// <summary>
/// Finds cryptocurrency addresses and keeps only those whose checksum holds: Bitcoin (Base58Check P2PKH/P2SH,
/// Bech32/Bech32m segwit), Ethereum (EIP-55 mixed-case checksum; single-case addresses carry none) and Tron.
/// Values are <c>chain:address</c>.
/// </summary>
public static partial class WalletExtractor
{
    /// <summary>Appends the wallet selectors of <paramref name="text"/> to <paramref name="into"/>.</summary>
    public static void Extract(string text, RecordField field, List<Selector> into)
    {
        foreach (Match m in Candidate().Matches(text))
        {
            var value = Validate(m.Value);
            if (value is not null) into.Add(new Selector(SelectorKind.Wallet, value, m.Value, field, m.Index, m.Length));
        }
    }

    /// <summary>The <c>chain:address</c> value of a valid address, or null.</summary>
    public static string? Validate(string address)
    {
        if (address.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return IsValidEthereum(address) ? $"eth:{address.ToLowerInvariant()}" : null;
        if (address.StartsWith("bc1", StringComparison.OrdinalIgnoreCase))
            return Bech32.IsValid(address, "bc") ? $"btc:{address.ToLowerInvariant()}" : null;
        return Base58Check.VersionOf(address) switch
        {
            0x00 or 0x05 => $"btc:{address}",
            0x41 => $"trx:{address}",
            _ => null,
        };
    }

    private static bool IsValidEthereum(string address)
    {
        var hex = address[2..];
        if (hex.All(c => !char.IsAsciiLetterUpper(c)) || hex.All(c => !char.IsAsciiLetterLower(c))) return true;
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(hex.ToLowerInvariant()));
        for (var i = 0; i < 40; i++)
        {
            if (!char.IsAsciiLetter(hex[i])) continue;
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            if (nibble >= 8 != char.IsAsciiLetterUpper(hex[i])) return false;
        }
        return true;
    }

    [GeneratedRegex(@"(?<![\w])(?:0x[0-9a-fA-F]{40}|(?:bc1|BC1)[ac-hj-np-zAC-HJ-NP-Z02-9]{8,87}|[13T][a-km-zA-HJ-NP-Z1-9]{25,34})(?![\w])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
