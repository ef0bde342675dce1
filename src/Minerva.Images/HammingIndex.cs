using System.Numerics;

namespace Minerva.Images;

/// <summary>
/// Exact "all hashes within Hamming distance r" by multi-index hashing (Norouzi, Punjani and Fleet 2012): each hash
/// is split into 16 chunks of 16 bits and filed under each chunk's value. Two hashes within r differ in at most
/// ⌊r/16⌋ bits in some chunk (pigeonhole), so probing, per chunk, every value within that many bits of the query's
/// chunk finds every match; candidates are then checked on all 256 bits. For PDQ's usual r = 31 that is 17 probes
/// per chunk. Tables are compressed sparse rows: two ints per hash and chunk.
/// </summary>
public sealed class HammingIndex
{
    private const int Chunks = 16;
    private readonly Hash256[] _hashes;
    private readonly int[][] _offsets = new int[Chunks][];
    private readonly int[][] _ids = new int[Chunks][];

    /// <summary>Indexes <paramref name="hashes"/>; results are positions in this list.</summary>
    public HammingIndex(IReadOnlyList<Hash256> hashes)
    {
        _hashes = [.. hashes];
        Parallel.For(0, Chunks, chunk =>
        {
            var offsets = new int[65_537];
            foreach (var h in _hashes) offsets[h.Chunk(chunk) + 1]++;
            for (var v = 0; v < 65_536; v++) offsets[v + 1] += offsets[v];
            var fill = offsets[..65_536];
            var ids = new int[_hashes.Length];
            for (var i = 0; i < _hashes.Length; i++) ids[fill[_hashes[i].Chunk(chunk)]++] = i;
            _offsets[chunk] = offsets;
            _ids[chunk] = ids;
        });
    }

    /// <summary>Hashes indexed.</summary>
    public int Count => _hashes.Length;

    /// <summary>Every indexed hash within <paramref name="radius"/> of <paramref name="query"/>, as (position, distance), nearest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Radius outside 0–255.</exception>
    public List<(int Position, int Distance)> Within(Hash256 query, int radius)
    {
        if (radius is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius is 0 to 255 bits");
        var masks = MasksByWeight.AsSpan(0, MasksUpToWeight[radius / Chunks]);
        var seen = new HashSet<int>();
        var found = new List<(int, int)>();
        for (var chunk = 0; chunk < Chunks; chunk++)
        {
            var value = query.Chunk(chunk);
            var (offsets, ids) = (_offsets[chunk], _ids[chunk]);
            foreach (var mask in masks)
            {
                var probe = value ^ mask;
                for (var k = offsets[probe]; k < offsets[probe + 1]; k++)
                {
                    var id = ids[k];
                    if (!seen.Add(id)) continue;
                    var distance = _hashes[id].Distance(query);
                    if (distance <= radius) found.Add((id, distance));
                }
            }
        }
        found.Sort((a, b) => a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : a.Item1.CompareTo(b.Item1));
        return found;
    }

    /// <summary>Every 16-bit mask, fewest bits set first: the masks with at most b bits are a prefix, computed once, not per query.</summary>
    private static readonly int[] MasksByWeight = [.. Enumerable.Range(0, 65_536).OrderBy(m => BitOperations.PopCount((uint)m)).ThenBy(m => m)];

    /// <summary>Per b, how many masks have at most b bits set (the prefix of <see cref="MasksByWeight"/> to probe).</summary>
    private static readonly int[] MasksUpToWeight = [.. Enumerable.Range(0, 17).Select(b => MasksByWeight.Count(m => BitOperations.PopCount((uint)m) <= b))];
}
