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

    /// <param name="labels">Cluster label per record.</param>
    /// <param name="apart">Compared pairs at or below <c>cannot_link</c>.</param>
    /// <param name="unjudged">Labels of clusters formed by a merge too large to judge pair by pair.</param>
    /// <param name="judge">Whether a pair that was not compared scores at or below <c>cannot_link</c> (false for compared pairs).</param>
    public static ContradictionCheck Count(int[] labels, PartnerIndex apart, IReadOnlySet<int> unjudged, Func<int, int, bool> judge)
    {
        var below = apart.All().LongCount(p => labels[p.A] == labels[p.B]);
        var groups = unjudged.Count == 0 ? [] : Enumerable.Range(0, labels.Length).Where(i => unjudged.Contains(labels[i])).GroupBy(i => labels[i]).ToList();
        long judged = 0;
        var tooLarge = 0;
        foreach (var group in groups)
        {
            var members = group.ToArray();
            if (members.Length > MaxJudgedSize) { tooLarge++; continue; }
            for (var x = 0; x < members.Length; x++)
                for (var y = x + 1; y < members.Length; y++)
                {
                    judged++;
                    if (judge(members[x], members[y])) below++;
                }
        }
        return new ContradictionCheck(below, judged, tooLarge);
    }
}
