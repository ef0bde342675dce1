using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Clustering;

/// <summary>
/// One-to-one linkage between two sources: the links are taken strongest first, and a link is kept only when neither
/// record already has one (a greedy maximum-weight matching, within a factor of two of the best and, on linkage data
/// where true links are mostly the strongest of their records, the usual choice). Without a one-to-one rule the links
/// pass unchanged.
/// </summary>
internal static class OneToOne
{
    public static List<ScoredLink> Keep(List<ScoredLink> links, LinkMode? mode)
    {
        if (mode is not { OneToOne: true }) return links;
        var matched = new HashSet<int>();
        var kept = new List<ScoredLink>();
        foreach (var link in links.OrderByDescending(l => l.Weight).ThenBy(l => Math.Min(l.A, l.B)).ThenBy(l => Math.Max(l.A, l.B)))
        {
            if (matched.Contains(link.A) || matched.Contains(link.B)) continue;
            matched.Add(link.A);
            matched.Add(link.B);
            kept.Add(link);
        }
        return kept;
    }
}
