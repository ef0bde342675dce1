namespace Minerva.Resolve.Evaluation;

/// <summary>Quality of a clustering against truth.</summary>
/// <param name="Records">Records in both the truth and the resolution.</param>
/// <param name="Unresolved">Truth records that have no entity (not covered by the resolution).</param>
/// <param name="Pairwise">Pairwise precision, recall and F1.</param>
/// <param name="BCubed">B-cubed precision, recall and F1.</param>
/// <param name="FalseMerges">Entities that join records of different true clusters, worst first.</param>
/// <param name="Misses">True clusters split over several entities, worst first.</param>
public sealed record Evaluation(
    int Records,
    int Unresolved,
    Scores Pairwise,
    Scores BCubed,
    IReadOnlyList<ClusterError> FalseMerges,
    IReadOnlyList<ClusterError> Misses);

/// <summary>Precision, recall and their harmonic mean.</summary>
/// <param name="Precision">Precision.</param>
/// <param name="Recall">Recall.</param>
public sealed record Scores(double Precision, double Recall)
{
    /// <summary>F1.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>One error: a group on one side and how the other side divides it.</summary>
/// <param name="Group">The entity (false merge) or the true cluster (miss).</param>
/// <param name="Size">Records in it.</param>
/// <param name="WrongPairs">Pairs wrongly joined (false merge) or wrongly apart (miss).</param>
/// <param name="Parts">The other side's groups within it, with their sizes and an example record.</param>
public sealed record ClusterError(string Group, int Size, long WrongPairs, IReadOnlyList<ClusterPart> Parts);

/// <summary>A part of a group.</summary>
/// <param name="Group">Cluster or entity name.</param>
/// <param name="Size">Records.</param>
/// <param name="Example">One record key.</param>
public sealed record ClusterPart(string Group, int Size, string Example);
