using System.Collections.Frozen;

namespace Minerva.Extraction.Emails;

/// <summary>
/// The canonical form of an address: what the provider delivers to. Gmail ignores dots and "+tags" in the
/// local part; the other large providers ignore "+tags". Everything is lower case.
/// </summary>
public static class EmailCanonicaliser
{
    private static readonly FrozenSet<string> GmailDomains = FrozenSet.ToFrozenSet(["gmail.com", "googlemail.com"]);

    private static readonly FrozenSet<string> PlusTagDomains = FrozenSet.ToFrozenSet(
    [
        "outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com", "mac.com",
        "protonmail.com", "proton.me", "pm.me", "fastmail.com", "yandex.ru", "yandex.com",
    ]);

    private static readonly FrozenSet<string> OtherProviders = FrozenSet.ToFrozenSet(
    [
        "yahoo.com", "ymail.com", "aol.com", "gmx.de", "gmx.net", "gmx.at", "web.de", "mail.ru", "tutanota.com",
        "tuta.io", "ukr.net", "wp.pl", "o2.pl", "interia.pl", "seznam.cz", "libero.it", "orange.fr", "free.fr",
        "laposte.net", "t-online.de", "hotmail.co.uk", "yahoo.co.uk", "qq.com", "163.com", "rambler.ru",
    ]);

    /// <summary>Whether the domain is a webmail provider (lets spelled-out addresses through).</summary>
    public static bool IsKnownProvider(string domain) =>
        GmailDomains.Contains(domain) || PlusTagDomains.Contains(domain) || OtherProviders.Contains(domain);

    /// <summary>Canonical address for a local part and a lower-case domain.</summary>
    public static string Canonical(string local, string domain)
    {
        local = local.ToLowerInvariant();
        if (GmailDomains.Contains(domain))
            return $"{StripTag(local).Replace(".", "", StringComparison.Ordinal)}@gmail.com";
        return PlusTagDomains.Contains(domain) ? $"{StripTag(local)}@{domain}" : $"{local}@{domain}";
    }

    private static string StripTag(string local)
    {
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? local[..plus] : local;
    }
}
