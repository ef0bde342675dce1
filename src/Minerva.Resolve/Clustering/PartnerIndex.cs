namespace Minerva.Resolve.Clustering;

/// <summary>
/// Each record's partners in the compared pairs at or below <c>cannot_link</c>, in compressed rows (an offset per
/// record and 4 bytes per partner: a million ads have millions of such pairs, too many for a set per record).
/// Only pairs whose two records both have a link are kept: a record without links never joins anything.
/// </summary>
internal sealed class PartnerIndex
{
    private readonly int[] _offsets;
    private readonly int[] _partners;

    private PartnerIndex(int[] offsets, int[] partners) => (_offsets, _partners) = (offsets, partners);

    /// <summary>Pairs kept (each once).</summary>
    public long Pairs => _partners.Length / 2;

    /// <summary>Builds the index from a source of pairs read twice (once to count, once to fill).</summary>
    public static PartnerIndex Of(int count, Func<IEnumerable<(int A, int B)>> pairs)
    {
        var offsets = new int[count + 1];
        foreach (var (a, b) in pairs())
        {
            offsets[a + 1]++;
            offsets[b + 1]++;
        }
        for (var i = 0; i < count; i++) offsets[i + 1] += offsets[i];
        var partners = new int[offsets[count]];
        var next = offsets[..count];
        foreach (var (a, b) in pairs())
        {
            partners[next[a]++] = b;
            partners[next[b]++] = a;
        }
        return new PartnerIndex(offsets, partners);
    }

    /// <summary>Every pair once, as (smaller, larger).</summary>
    public IEnumerable<(int A, int B)> All()
    {
        for (var a = 0; a + 1 < _offsets.Length; a++)
            for (var k = _offsets[a]; k < _offsets[a + 1]; k++)
                if (a < _partners[k]) yield return (a, _partners[k]);
    }

    /// <summary>Whether a member of the smaller of groups <paramref name="a"/> and <paramref name="b"/> (roots) has a partner in the
    /// other: smaller into larger, so the work over a run stays near the number of pairs times log n.</summary>
    public bool AnyBetween(List<int>?[] members, int[] parent, int a, int b, int[] size)
    {
        if (_partners.Length == 0) return false;
        var (small, large) = size[a] <= size[b] ? (a, b) : (b, a);
        foreach (var x in members[small] ?? [small])
            for (var k = _offsets[x]; k < _offsets[x + 1]; k++)
                if (EvidenceClusterer.Find(parent, _partners[k]) == large) return true;
        return false;
    }
}
