namespace Minerva.Resolve.Features;

/// <summary>
/// MinHash signatures over word bigrams (single words for one-word texts). Two signatures agree in a position
/// with probability equal to the Jaccard similarity of the shingle sets, so the share of agreeing positions
/// estimates it; bands of positions give locality-sensitive buckets.
/// </summary>
internal static class MinHasher
{
    private static readonly ulong[] Seeds = CreateSeeds(FeatureSpace.SignatureLength);

    /// <summary>The signature of <paramref name="text"/>, or null when it has no words.</summary>
    public static uint[]? Signature(ReadOnlySpan<char> text)
    {
        var signature = new uint[Seeds.Length];
        Array.Fill(signature, uint.MaxValue);
        ulong previous = 0;
        var words = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
            if (i >= text.Length) break;
            ulong word = 14695981039346656037UL;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                word = (word ^ char.ToLowerInvariant(text[i])) * 1099511628211UL;
                i++;
            }
            words++;
            if (words >= 2) Add(signature, Mix(previous * 31 + word));
            previous = word;
        }
        if (words == 0) return null;
        if (words == 1) Add(signature, Mix(previous * 31));
        return signature;
    }

    /// <summary>Share of positions where the signatures agree: an estimate of the Jaccard similarity.</summary>
    public static double Similarity(uint[] a, uint[] b)
    {
        var same = 0;
        for (var k = 0; k < a.Length; k++)
            if (a[k] == b[k]) same++;
        return (double)same / a.Length;
    }

    private static void Add(uint[] signature, ulong shingle)
    {
        for (var k = 0; k < signature.Length; k++)
        {
            var h = (uint)(Mix(shingle ^ Seeds[k]) >> 32);
            if (h < signature[k]) signature[k] = h;
        }
    }

    /// <summary>SplitMix64 finaliser: a cheap, well-mixed 64-bit permutation.</summary>
    internal static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] CreateSeeds(int count)
    {
        var seeds = new ulong[count];
        for (var k = 0; k < count; k++) seeds[k] = Mix((ulong)k * 0x632BE59BD9B4E019UL + 7);
        return seeds;
    }
}
