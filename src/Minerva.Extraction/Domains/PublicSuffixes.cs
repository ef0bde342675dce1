using System.Collections.Frozen;

namespace Minerva.Extraction.Domains;

/// <summary>
/// The Public Suffix List (publicsuffix.org, Mozilla Public License 2.0), shipped as data: the copy in
/// <c>public_suffix_list.dat</c> is Debian's <c>publicsuffix</c> 20230209.2326-1, read offline. It says which top-level
/// domains exist (a closed list of our own missed <c>.xxx</c>, <c>.sex</c>, <c>.photos</c>, <c>.rocks</c>) and where a
/// name can be registered: <c>m.example.co.uk</c> and <c>example.co.uk</c> are one site, <c>anna.blogspot.com</c> and
/// <c>lily.blogspot.com</c> two (the list's private section names such hosting suffixes).
/// </summary>
public static class PublicSuffixes
{
    private static readonly (FrozenSet<string> Rules, FrozenSet<string> Wildcards, FrozenSet<string> Exceptions, FrozenSet<string> TopLevel) List = Load();

    /// <summary>Whether <paramref name="label"/> is a top-level domain (case-insensitive).</summary>
    public static bool IsTopLevel(ReadOnlySpan<char> label) =>
        List.TopLevel.GetAlternateLookup<ReadOnlySpan<char>>().Contains(label);

    /// <summary>
    /// The registrable domain of a lower-case <paramref name="host"/>: its public suffix and one label more, by the list's
    /// rules (wildcards and exceptions included); the host itself when it is a public suffix or has no known suffix.
    /// </summary>
    public static string Registrable(string host)
    {
        var labels = host.Split('.');
        // The longest matching rule wins; an exception rule makes its own name registrable.
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (List.Exceptions.Contains(candidate)) return candidate;
            var wildcard = i + 1 < labels.Length && List.Wildcards.Contains(string.Join('.', labels[(i + 1)..]));
            if (List.Rules.Contains(candidate) || wildcard) return i == 0 ? host : string.Join('.', labels[(i - 1)..]);
        }
        return host;
    }

    private static (FrozenSet<string>, FrozenSet<string>, FrozenSet<string>, FrozenSet<string>) Load()
    {
        using var stream = typeof(PublicSuffixes).Assembly.GetManifestResourceStream("public_suffix_list.dat")
            ?? throw new InvalidOperationException("the Public Suffix List is not built into Minerva.Extraction");
        using var reader = new StreamReader(stream);
        var (rules, wildcards, exceptions, top) = (new List<string>(), new List<string>(), new List<string>(), new List<string>());
        var idn = new System.Globalization.IdnMapping();
        var icann = false;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Contains("===BEGIN ICANN DOMAINS===", StringComparison.Ordinal)) icann = true;
            if (line.Contains("===END ICANN DOMAINS===", StringComparison.Ordinal)) icann = false;
            var raw = line.Trim();
            if (raw.Length == 0 || raw.StartsWith("//", StringComparison.Ordinal)) continue;
            var (exception, wildcard) = (raw.StartsWith('!'), raw.StartsWith("*.", StringComparison.Ordinal));
            var body = exception ? raw[1..] : wildcard ? raw[2..] : raw;
            // Hosts are matched in their ASCII (punycode) form, as URLs carry them.
            body = body.All(char.IsAscii) ? body.ToLowerInvariant() : idn.GetAscii(body);
            (exception ? exceptions : wildcard ? wildcards : rules).Add(body);
            if (icann && !exception && !body.Contains('.', StringComparison.Ordinal)) top.Add(body);
        }
        return (rules.ToFrozenSet(StringComparer.Ordinal), wildcards.ToFrozenSet(StringComparer.Ordinal), exceptions.ToFrozenSet(StringComparer.Ordinal),
            top.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }
}
