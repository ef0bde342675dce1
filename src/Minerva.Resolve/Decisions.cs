using Minerva.Resolve.Clustering;
using Minerva.Resolve.Features;
using Minerva.Storage;

namespace Minerva.Resolve;

/// <summary>
/// An investigator's decisions as constraints on one run: "not the same" pairs are evidence against that no merge may
/// cross, like a pair at or below <c>cannot_link</c>; "the same" pairs are links worth <see cref="SameWeight"/>, more than
/// any merge requires, unless a "not the same" (or a pair far below cannot_link) stands between their groups. Decisions
/// naming a record outside the run are left for the runs that hold it.
/// </summary>
internal sealed class Decisions
{
    /// <summary>The weight of a "same" link: above what any merge needs (threshold + bridge × log2 of a billion records).</summary>
    public const double SameWeight = 1000;

    private readonly Dictionary<(int, int), Decision> _pairs = [];

    private Decisions(IEnumerable<(int A, int B, Decision Decision)> pairs)
    {
        // The latest decision on a pair is the one that holds: an investigator may change their mind.
        foreach (var (a, b, d) in pairs) _pairs[(Math.Min(a, b), Math.Max(a, b))] = d;
    }

    /// <summary>The decisions of <paramref name="workspace"/> between records of <paramref name="records"/>.</summary>
    public static Decisions Of(IWorkspace workspace, List<RecordFeatures> records)
    {
        var all = workspace.GetDecisions();
        if (all.Count == 0) return new Decisions([]);
        var index = new Dictionary<long, int>(records.Count);
        for (var i = 0; i < records.Count; i++) index[records[i].Id] = i;
        int? IndexOf(Core.RecordKey key) => workspace.RecordId(key) is { } id && index.TryGetValue(id, out var i) ? i : null;
        return new Decisions(all.Select(d => (IndexOf(d.A), IndexOf(d.B), d)).Where(p => p.Item1 is not null && p.Item2 is not null && p.Item1 != p.Item2)
            .Select(p => (p.Item1!.Value, p.Item2!.Value, p.d)));
    }

    /// <summary>Pairs decided to be two people.</summary>
    public IEnumerable<(int A, int B)> Apart => _pairs.Where(p => !p.Value.Same).Select(p => p.Key);

    /// <summary>Links for the pairs decided to be one person.</summary>
    public IEnumerable<ScoredLink> Links => _pairs.Where(p => p.Value.Same).Select(p => new ScoredLink(p.Key.Item1, p.Key.Item2, SameWeight));

    /// <summary>The decision on a pair, or null.</summary>
    public Decision? On(int a, int b) => _pairs.GetValueOrDefault((Math.Min(a, b), Math.Max(a, b)));

    /// <summary>How a decision reads as a stored link's evidence.</summary>
    public static string Describe(Decision d) => $"{(d.Same ? "marked the same" : "marked not the same")} by {d.By} on {d.At:yyyy-MM-dd}: {d.Reason}";
}
