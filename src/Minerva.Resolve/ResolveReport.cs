using Minerva.Resolve.Blocking;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve;

/// <summary>What a resolve run did.</summary>
/// <param name="RuleSet">Rule set name.</param>
/// <param name="Sources">Sources resolved.</param>
/// <param name="Records">Records resolved.</param>
/// <param name="Candidates">Distinct candidate pairs compared.</param>
/// <param name="Blockers">Pairs per blocker (before de-duplication) and blocks skipped as too large.</param>
/// <param name="Links">Pairs at or above the link threshold.</param>
/// <param name="Entities">Entities (including single-record ones).</param>
/// <param name="MultiRecordEntities">Entities with two or more records.</param>
/// <param name="LargestEntity">Records in the largest entity.</param>
/// <param name="EntityIdsKept">Entities that kept the id of the previous run's entity they mostly are.</param>
/// <param name="Hubs">Suppressed hub selectors.</param>
/// <param name="Model">The fitted model.</param>
/// <param name="Seconds">Wall time per stage.</param>
public sealed record ResolveReport(
    string RuleSet,
    IReadOnlyList<string> Sources,
    int Records,
    long Candidates,
    IReadOnlyList<BlockerCount> Blockers,
    long Links,
    int Entities,
    int MultiRecordEntities,
    int LargestEntity,
    int EntityIdsKept,
    IReadOnlyList<HubSelector> Hubs,
    MatchModel Model,
    IReadOnlyDictionary<string, double> Seconds);

/// <summary>Progress of a run: the stage and how far it is (0–1).</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Fraction">Completed share of the stage.</param>
public sealed record ResolveProgress(string Stage, double Fraction);
