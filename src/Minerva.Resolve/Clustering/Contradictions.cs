namespace Minerva.Resolve.Clustering;

/// <summary>
/// What a run checked of its own entities against the rules' <c>cannot_link</c>: pairs inside one entity that score at
/// or below it (the target is none). Every compared pair is checked, and every pair of an entity formed by a merge too
/// large for the clusterer to judge pair by pair, up to <see cref="Contradictions.MaxJudgedSize"/> records.
/// </summary>
/// <param name="Below">Pairs inside one entity at or below <c>cannot_link</c>.</param>
/// <param name="PairsJudged">Pairs of unjudged entities compared for the check.</param>
/// <param name="TooLarge">Entities too large to check pair by pair (their compared pairs were checked).</param>
public sealed record ContradictionCheck(long Below, long PairsJudged, int TooLarge);

/// <summary>Counts the pairs inside entities that the evidence says are different people.</summary>
internal static class Contradictions
{
    /// <summary>Largest entity whose every pair is compared for the check.</summary>
    public const int MaxJudgedSize = 2000;

    public static ContradictionCheck Count(int[] labels, IReadOnlyList<(int A, int B)> apart, IReadOnlySet<int> unjudged, Func<int, int, bool> judge)
    {
        var below = apart.LongCount(p => labels[p.A] == labels[p.B]);
        var groups = unjudged.Count == 0 ? [] : Enumerable.Range(0, labels.Length).Where(i => unjudged.Contains(labels[i])).GroupBy(i => labels[i]).ToList();
        long judged = 0;
        var tooLarge = 0;
        var compared = apart.Select(p => (Math.Min(p.A, p.B), Math.Max(p.A, p.B))).ToHashSet();
        foreach (var group in groups)
        {
            var members = group.ToArray();
            if (members.Length > MaxJudgedSize) { tooLarge++; continue; }
            for (var x = 0; x < members.Length; x++)
                for (var y = x + 1; y < members.Length; y++)
                {
                    judged++;
                    if (!compared.Contains((members[x], members[y])) && judge(members[x], members[y])) below++;
                }
        }
        return new ContradictionCheck(below, judged, tooLarge);
    }
}
