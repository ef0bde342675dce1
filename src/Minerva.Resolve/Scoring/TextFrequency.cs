using System.Buffers.Binary;
using Minerva.Resolve.Features;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// How common the text two records share is, for MinHash text comparisons: a stock bio printed on two hundred
/// profiles says far less than a paragraph two ads alone carry. Agreeing on a text held by n of N records can be at
/// most (N − 1)/(n − 1) times likelier for a match than for a non-match (m ≤ 1), so a text level never weighs more
/// than log2((N − 1)/(n − 1)) bits, whatever EM learned; EM, which sees only levels, learned +19 bits for a shared
/// one-line bio out of sample. n is read from the signatures: the records whose signature holds the same 16-bit
/// minimum at a position are those whose text has that shingle as its least (for near-duplicates, the same text), and
/// the median over the positions where the pair agrees is the holders of what they share.
/// </summary>
/// <param name="Records">N, records with a signature in the field.</param>
/// <param name="Floor">Least count kept: a (position, value) below it is treated as held by just under it.</param>
/// <param name="Common">Packed (position byte, value, count) entries at or above <paramref name="Floor"/>, so an
/// incremental run and an explanation weigh shared text as the full run did.</param>
public sealed record TextFrequency(long Records, int Floor, byte[] Common)
{
    private const int Values = 1 << 16;
    private const int EntryBytes = 7;

    // Expanded on first use for lookups in the comparing loop; two threads expanding at once build the same table.
    private int[]? _counts;
    private double _leastCap = double.NaN;

    /// <summary>Counts every position's minimum over <paramref name="signatures"/> (null: no text).</summary>
    internal static TextFrequency Measure(IEnumerable<ushort[]?> signatures)
    {
        var counts = new int[FeatureSpace.SignatureLength * Values];
        long records = 0;
        foreach (var signature in signatures)
        {
            if (signature is null) continue;
            records++;
            for (var k = 0; k < signature.Length; k++) counts[k * Values + signature[k]]++;
        }
        // Values of 16 bits collide: a count of about N/65,536 is chance, and keeping only counts well above it keeps
        // the saved table to texts truly held by many records.
        var floor = (int)Math.Min(int.MaxValue, 3 + 2 * records / Values);
        var common = new List<byte>();
        Span<byte> entry = stackalloc byte[EntryBytes];
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] < floor) continue;
            entry[0] = (byte)(i / Values);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[1..], (ushort)(i % Values));
            BinaryPrimitives.WriteInt32LittleEndian(entry[3..], counts[i]);
            common.AddRange(entry);
        }
        return new TextFrequency(records, floor, [.. common]);
    }

    /// <summary>How many records hold the text <paramref name="a"/> and <paramref name="b"/> share (the median over
    /// their agreeing positions, less chance collisions); 0 when they share nothing.</summary>
    public double Holders(ushort[] a, ushort[] b)
    {
        var counts = _counts ??= Expand();
        Span<double> held = stackalloc double[a.Length];
        var agreeing = 0;
        var chance = Records / (double)Values;
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] != b[k]) continue;
            var n = counts[k * Values + a[k]];
            held[agreeing++] = Math.Max(2, (n == 0 ? Floor - 1 : n) - chance);
        }
        if (agreeing == 0) return 0;
        held = held[..agreeing];
        held.Sort();
        return agreeing % 2 == 1 ? held[agreeing / 2] : (held[agreeing / 2 - 1] + held[agreeing / 2]) / 2;
    }

    /// <summary>The least <see cref="MostBits"/> any pair can get: that of the most common (position, value).</summary>
    public double LeastCap
    {
        get
        {
            // Asked for every pair: worked out once (a double is read and written whole, so a race only repeats it).
            if (double.IsNaN(_leastCap)) _leastCap = MostBits(Math.Max(2, Largest() - Records / (double)Values));
            return _leastCap;
        }
    }

    /// <summary>The most bits agreeing on a text held by <paramref name="holders"/> records can be worth: log2((N − 1)/(n − 1)).</summary>
    public double MostBits(double holders) =>
        holders < 2 ? double.PositiveInfinity : Math.Log2(Math.Max(1, Records - 1) / (holders - 1));

    private int Largest()
    {
        var largest = Floor - 1;
        for (var e = 0; e + EntryBytes <= Common.Length; e += EntryBytes)
            largest = Math.Max(largest, BinaryPrimitives.ReadInt32LittleEndian(Common.AsSpan(e + 3, 4)));
        return largest;
    }

    private int[] Expand()
    {
        var counts = new int[FeatureSpace.SignatureLength * Values];
        for (var e = 0; e + EntryBytes <= Common.Length; e += EntryBytes)
        {
            var span = Common.AsSpan(e, EntryBytes);
            counts[span[0] * Values + BinaryPrimitives.ReadUInt16LittleEndian(span[1..])] = BinaryPrimitives.ReadInt32LittleEndian(span[3..]);
        }
        return counts;
    }
}
