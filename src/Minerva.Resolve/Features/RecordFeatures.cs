namespace Minerva.Resolve.Features;

/// <summary>
/// What the resolver keeps of one record: interned selector ids per kind slot, MinHash signatures, normalised
/// field values and the observation time. The text itself is not kept, so a million records fit in memory.
/// </summary>
internal sealed class RecordFeatures
{
    /// <summary>Storage id.</summary>
    public required long Id { get; init; }

    /// <summary>Interned selector ids per <see cref="FeatureSpace.SelectorKinds"/> slot, sorted and distinct.</summary>
    public required int[][] Selectors { get; init; }

    /// <summary>MinHash signature per <see cref="FeatureSpace.TextFields"/> slot; null when the field is empty.</summary>
    public required ushort[]?[] Signatures { get; init; }

    /// <summary>Normalised value per <see cref="FeatureSpace.Fields"/> slot; null when absent.</summary>
    public required string?[] Fields { get; init; }

    /// <summary>The record's source (one shared string per source).</summary>
    public required string Source { get; init; }

    /// <summary>Observation time in Unix seconds.</summary>
    public long? Time { get; init; }
}
