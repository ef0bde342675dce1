using Minerva.Resolve.Blocking;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

/// <summary>What a resolve run did.</summary>
/// <param name="Mode"><c>full</c> or <c>incremental</c>.</param>
/// <param name="RuleSet">Rule set name.</param>
/// <param name="Sources">Sources resolved.</param>
/// <param name="Records">Records in scope.</param>
/// <param name="NewRecords">Records resolved by this run (all of them in a full run).</param>
/// <param name="Candidates">Distinct candidate pairs compared.</param>
/// <param name="Blockers">Pairs per blocker (before de-duplication) and blocks skipped as too large.</param>
/// <param name="Links">Pairs at or above the link threshold.</param>
/// <param name="Entities">Entities formed by this run (including single-record ones; in an incremental run, those re-clustered).</param>
/// <param name="MultiRecordEntities">Of those, entities with two or more records.</param>
/// <param name="LargestEntity">Records in the largest of them.</param>
/// <param name="EntityIdsKept">Of those, entities that kept the id of the previous entity they mostly are.</param>
/// <param name="Hubs">Suppressed hub selectors.</param>
/// <param name="Model">The fitted model.</param>
/// <param name="Seconds">Wall time per stage.</param>
public sealed record ResolveReport(
    string Mode,
    string RuleSet,
    IReadOnlyList<string> Sources,
    int Records,
    int NewRecords,
    long Candidates,
    IReadOnlyList<BlockerCount> Blockers,
    long Links,
    int Entities,
    int MultiRecordEntities,
    int LargestEntity,
    int EntityIdsKept,
    IReadOnlyList<HubSelector> Hubs,
    MatchModel Model,
    IReadOnlyDictionary<string, double> Seconds)
{
    /// <summary>Compared pairs at or below <c>cannot_link</c> whose records the links connect (the only ones a merge could
    /// put together): the evidence that can keep groups apart.</summary>
    public long ApartPairs { get; init; }

    /// <summary>Merges refused because a pair across the two groups scored at or below the rules' <c>cannot_link</c>.</summary>
    public int KeptApart { get; init; }

    /// <summary>Pairs inside one entity that score at or below <c>cannot_link</c> (target: none), and what was checked.</summary>
    public Clustering.ContradictionCheck Contradictions { get; init; } = new(0, 0, 0);
}

/// <summary>Progress of a run: the stage and how far it is (0–1).</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Fraction">Completed share of the stage.</param>
public sealed record ResolveProgress(string Stage, double Fraction);
