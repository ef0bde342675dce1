namespace Minerva.Images;

/// <summary>A stored image within the radius of a query, in the orientation that matched best.</summary>
/// <param name="Position">Position in the list the finder was built from.</param>
/// <param name="Distance">Hamming distance, 0–256.</param>
/// <param name="Form">Which rotation or flip of the query matched (<see cref="DihedralForm.Original"/> for a plain re-post).</param>
public readonly record struct ImageMatch(int Position, int Distance, DihedralForm Form);

/// <summary>
/// Near-duplicate search over stored images' hashes, mirrored and rotated re-posts included: the query is asked
/// in all its forms against the stored originals (the forms of the stored images need not be indexed: if B is a
/// flip of A, A's flipped hash is near B's original).
/// </summary>
public sealed class NearDuplicates(IReadOnlyList<Hash256> originals)
{
    /// <summary>PDQ's usual match threshold.</summary>
    public const int DefaultRadius = 31;

    /// <summary>
    /// The radius that also finds a re-cropped or re-compressed re-post (the demo's re-post of a photo is at 56 bits, an
    /// unrelated photo at about 128 and never under 96 here): what the ads rules link on, and what <c>images similar</c>
    /// searches by default.
    /// </summary>
    public const int RepostRadius = 63;

    private readonly HammingIndex _index = new(originals);

    /// <summary>Stored images.</summary>
    public int Count => _index.Count;

    /// <summary>
    /// Every stored image within <paramref name="radius"/> of any of <paramref name="forms"/> (the original first,
    /// then variants in <see cref="DihedralForm"/> order), nearest first, each once with its best form.
    /// </summary>
    public List<ImageMatch> Find(IReadOnlyList<Hash256> forms, int radius = DefaultRadius)
    {
        var best = new Dictionary<int, ImageMatch>();
        for (var f = 0; f < forms.Count; f++)
        {
            var form = (DihedralForm)(1 << f);
            foreach (var (position, distance) in _index.Within(forms[f], radius))
                if (!best.TryGetValue(position, out var seen) || distance < seen.Distance) best[position] = new ImageMatch(position, distance, form);
        }
        return [.. best.Values.OrderBy(m => m.Distance).ThenBy(m => m.Position)];
    }

    /// <summary>
    /// Every near-duplicate among a set of photos, each given by its forms (<see cref="Hash256.ParseForms"/>): for each
    /// photo, the others within <paramref name="radius"/> of any of its forms. A pair can appear from both sides.
    /// </summary>
    public static IEnumerable<(int Query, ImageMatch Match)> AllMatches(IReadOnlyList<Hash256[]> forms, int radius = DefaultRadius)
    {
        var finder = new NearDuplicates([.. forms.Select(f => f[0])]);
        for (var i = 0; i < forms.Count; i++)
            foreach (var match in finder.Find(forms[i], radius))
                if (match.Position != i) yield return (i, match);
    }

    /// <summary>
    /// Photos joined by near-duplicate matches in any orientation (connected through chains of re-posts), among those
    /// <paramref name="include"/> accepts: each group's positions ascending, groups in order of their first position.
    /// </summary>
    public static List<List<int>> Groups(IReadOnlyList<Hash256[]> forms, Func<int, bool> include, int radius = DefaultRadius)
    {
        var parent = Enumerable.Range(0, forms.Count).ToArray();
        // Iterative with path halving: a stock photo re-posted thousands of times makes long chains.
        int Root(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var (i, match) in AllMatches(forms, radius))
            if (include(i) && include(match.Position)) parent[Root(match.Position)] = Root(i);
        return [.. Enumerable.Range(0, forms.Count).Where(include).GroupBy(Root).Select(g => g.ToList())];
    }

    /// <summary>
    /// Re-posts of a photo for blocking: the original form within <paramref name="radius"/> (re-crops reach past
    /// PDQ's threshold), its rotations and flips only within <see cref="DefaultRadius"/> — mirrored re-posts are
    /// rarer, and seven more wide searches per photo would cost seven times as much. Positions, each once.
    /// </summary>
    public IEnumerable<int> FindReposts(IReadOnlyList<Hash256> forms, int radius)
    {
        var matches = Find([forms[0]], radius).Select(m => m.Position);
        if (forms.Count > 1) matches = matches.Concat(Find([.. forms.Skip(1)], Math.Min(radius, DefaultRadius)).Select(m => m.Position));
        return matches.Distinct();
    }
}
