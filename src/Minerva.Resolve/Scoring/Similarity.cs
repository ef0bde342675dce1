namespace Minerva.Resolve.Scoring;

/// <summary>String similarities in [0, 1].</summary>
internal static class Similarity
{
    /// <summary>Jaro–Winkler similarity with the usual prefix scale 0.1 over at most four characters.</summary>
    public static double JaroWinkler(string a, string b)
    {
        if (a == b) return 1;
        if (a.Length == 0 || b.Length == 0) return 0;
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> matchedA = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> matchedB = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (matchedB[j] || a[i] != b[j]) continue;
                matchedA[i] = matchedB[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!matchedA[i]) continue;
            while (!matchedB[k]) k++;
            if (a[i] != b[k]) transpositions++;
            k++;
        }
        double m = matches;
        var jaro = (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(a.Length, b.Length)) && a[prefix] == b[prefix]) prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /// <summary>Levenshtein ratio as FuzzySharp computes it, scaled to [0, 1].</summary>
    public static double Levenshtein(string a, string b) => a == b ? 1 : FuzzySharp.Fuzz.Ratio(a, b) / 100.0;

    /// <summary>Token-set ratio as FuzzySharp computes it (the shared words against each side's rest), scaled to [0, 1].</summary>
    public static double TokenSet(string a, string b) => a == b ? 1 : FuzzySharp.Fuzz.TokenSetRatio(a, b) / 100.0;
}
