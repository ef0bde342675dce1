namespace Minerva.Extraction.Urls;

/// <summary>
/// The normalised form of a URL: no scheme (http and https variants are one site), host lower case without "www.",
/// no default port, no fragment, no tracking parameters, no trailing slash.
/// </summary>
public static class UrlNormaliser
{
    private static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "mc_", "igshid", "ref_src"];

    /// <summary>Normalises <paramref name="raw"/>; false if it is not an http(s) URL with a host.</summary>
    public static bool TryNormalise(string raw, out string url, out string host)
    {
        url = host = "";
        var withScheme = raw.Contains("://", StringComparison.Ordinal) ? raw : "http://" + raw;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        if (!uri.Host.Contains('.', StringComparison.Ordinal)) return false;
        host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !TrackingPrefixes.Any(t => p.StartsWith(t, StringComparison.OrdinalIgnoreCase))));
        var path = uri.AbsolutePath.TrimEnd('/');
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        url = $"{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
        return true;
    }
}
