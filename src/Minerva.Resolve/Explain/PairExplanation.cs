using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Resolve.Explain;

/// <summary>Why two records are, or are not, in one entity.</summary>
/// <param name="A">First record.</param>
/// <param name="B">Second record.</param>
/// <param name="RuleSet">Rule set of the resolution that is explained.</param>
/// <param name="Comparisons">Each comparison's level and weight.</param>
/// <param name="Prior">Prior weight in bits.</param>
/// <param name="Total">Total match weight in bits.</param>
/// <param name="Threshold">Link threshold in bits.</param>
/// <param name="Candidate">Whether blocking would pair them (otherwise they were never compared).</param>
/// <param name="EntityA">Entity of A.</param>
/// <param name="EntityB">Entity of B.</param>
/// <param name="Path">When in one entity: the chain of stored links joining them, strongest hops first.</param>
/// <param name="Verdict">One sentence for the user.</param>
public sealed record PairExplanation(
    RecordKey A,
    RecordKey B,
    string RuleSet,
    IReadOnlyList<ComparisonExplanation> Comparisons,
    double Prior,
    double Total,
    double Threshold,
    bool Candidate,
    long? EntityA,
    long? EntityB,
    IReadOnlyList<LinkView> Path,
    string Verdict)
{
    /// <summary>The investigator's latest decision on this pair, which every resolution keeps to, or null.</summary>
    public Decision? Decision { get; init; }
}

/// <summary>One comparison of a pair.</summary>
/// <param name="Name">Comparison name.</param>
/// <param name="Level">Level reached (<c>absent</c> when either record lacks the value).</param>
/// <param name="M">P(level | match).</param>
/// <param name="U">P(level | non-match).</param>
/// <param name="Weight">log2(m/u) in bits, 0 when absent.</param>
/// <param name="FrequencyAdjustment">Term-frequency bits for a shared selector value; for text, the bits a level loses
/// because the shared text is on too many records to be worth it.</param>
/// <param name="Shared">Shared selector values; for text, how many records hold the shared text.</param>
public sealed record ComparisonExplanation(string Name, string Level, double? M, double? U, double Weight, double FrequencyAdjustment, IReadOnlyList<string> Shared);
