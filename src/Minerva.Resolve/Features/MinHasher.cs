namespace Minerva.Resolve.Features;

/// <summary>
/// MinHash signatures over word bigrams (single words for one-word texts). Two signatures agree in a position
/// with probability equal to the Jaccard similarity of the shingle sets, so the share of agreeing positions
/// estimates it; bands of positions give locality-sensitive buckets. Each position keeps 16 bits of its minimum
/// (b-bit MinHash): chance agreement of 1/65,536 biases the estimate negligibly and halves the memory of a
/// million signatures (measured: 6.1 GB peak to resolve 1M ads before the memory work, of which ~400 MB signatures).
/// </summary>
internal static class MinHasher
{
    private static readonly ulong[] Seeds = CreateSeeds(FeatureSpace.SignatureLength);
    private static readonly ulong[] Multipliers = Seeds.Select(s => Mix(s) | 1).ToArray();

    /// <summary>The signature of <paramref name="text"/>, or null when it has no words or fewer than <paramref name="minWords"/> distinct ones.</summary>
    public static ushort[]? Signature(ReadOnlySpan<char> text, int minWords = 0)
    {
        Span<uint> minimum = stackalloc uint[Seeds.Length];
        minimum.Fill(uint.MaxValue);
        // Distinct words are counted only until there are enough (min_tokens is small).
        Span<ulong> distinct = minWords <= 64 ? stackalloc ulong[minWords] : new ulong[minWords];
        var distinctCount = 0;
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
            if (distinctCount < minWords && !distinct[..distinctCount].Contains(word)) distinct[distinctCount++] = word;
            if (words >= 2) Add(minimum, Mix(previous * 31 + word));
            previous = word;
        }
        if (words == 0 || distinctCount < minWords) return null;
        if (words == 1) Add(minimum, Mix(previous * 31));
        var signature = new ushort[minimum.Length];
        for (var k = 0; k < minimum.Length; k++) signature[k] = (ushort)(minimum[k] >> 16);
        return signature;
    }

    /// <summary>The locality-sensitive bucket key of one band (<paramref name="rows"/> positions) of a signature.</summary>
    public static ulong BandKey(ushort[] signature, int band, int rows)
    {
        var key = (ulong)band;
        for (var r = 0; r < rows; r++) key = Mix((key << 16) ^ signature[band * rows + r]);
        return key;
    }

    /// <summary>Share of positions where the signatures agree: an estimate of the Jaccard similarity.</summary>
    public static double Similarity(ushort[] a, ushort[] b)
    {
        var same = 0;
        for (var k = 0; k < a.Length; k++)
            if (a[k] == b[k]) same++;
        return (double)same / a.Length;
    }

    /// <summary>Hash k of a (well-mixed) shingle is multiply-add-shift with odd multiplier k: one multiply per hash
    /// instead of a full mix, which made signatures the largest cost of reading records for resolution.</summary>
    private static void Add(Span<uint> signature, ulong shingle)
    {
        for (var k = 0; k < signature.Length; k++)
        {
            var h = (uint)((shingle * Multipliers[k] + Seeds[k]) >> 32);
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
