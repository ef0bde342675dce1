using Minerva.Core;

namespace Minerva.Resolve.Rules;

/// <summary>
/// One comparison of a pair. Its levels run from strongest agreement (index 0) to <c>different</c> (last);
/// a pair where either side lacks the value is <c>absent</c> and contributes no weight.
/// </summary>
public abstract record ComparisonRule(string Name, int Line)
{
    /// <summary>Level names, strongest first, <c>different</c> last.</summary>
    public abstract IReadOnlyList<string> Levels { get; }
}

/// <summary>Shared selector values (phone, email, handle, wallet...). With <paramref name="Similar"/>, handle names
/// at or above that Jaro–Winkler similarity form a <c>similar</c> level. A <paramref name="Decisive"/> selector that is
/// shared (and not a hub) links the pair whatever the other comparisons say: an identifier such as a phone number
/// or a wallet is evidence in itself, and small cases have too few pairs for EM to learn that.</summary>
/// <remarks>For image hashes, <paramref name="Hamming"/> adds a level per radius (bits of 256): the nearest pair of the two
/// records' photos, in any rotation or flip, within that distance — re-crops and re-compressions of one photo.</remarks>
public sealed record SelectorComparison(string Name, int Line, SelectorKind Kind, double? Similar, bool Decisive = false,
    IReadOnlyList<int>? Hamming = null) : ComparisonRule(Name, Line)
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels =>
        Hamming is { } radii ? ["shared", .. radii.Select(r => $"<={r} bits"), "different"]
        : Similar is null ? ["shared", "different"] : ["shared", "similar", "different"];
}

/// <summary>Estimated Jaccard similarity of a text field's word shingles (MinHash), in bands at the thresholds. A text
/// of fewer than <paramref name="MinTokens"/> distinct words ("student", "serious only") is absent: identical stock
/// phrases are shared by strangers, so they are no evidence of one person.</summary>
public sealed record TextComparison(string Name, int Line, string Field, IReadOnlyList<double> Thresholds, int MinTokens = 0) : ComparisonRule(Name, Line)
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => [.. Thresholds.Select(t => $">={t:0.##}"), "different"];
}

/// <summary>How two field values are compared.</summary>
public enum FieldMethod
{
    /// <summary>Equal after trimming and case folding.</summary>
    Exact,
    /// <summary>Jaro–Winkler similarity.</summary>
    JaroWinkler,
    /// <summary>Levenshtein ratio (FuzzySharp), 0–1.</summary>
    Levenshtein,
    /// <summary>Token-set ratio (FuzzySharp), 0–1: word order and repeated words do not matter.</summary>
    TokenSet,
    /// <summary>Cosine similarity of the words weighted by inverse document frequency over the records resolved, 0–1:
    /// sharing a rare word ("ARIES", "WinFS") counts for much more than sharing "the", "of" or "software".</summary>
    Tfidf,
    /// <summary>Numbers within an absolute difference (years, counts); a value that is not a number is absent.</summary>
    Absolute,
    /// <summary>Numbers within a relative difference |a − b| / max(|a|, |b|) (prices); a value that is not a number is absent.</summary>
    Relative,
}

/// <summary>A field compared by a method: <c>exact</c>, then bands at the thresholds — similarities, decreasing, for the
/// string methods; differences, increasing, for <see cref="FieldMethod.Absolute"/> and <see cref="FieldMethod.Relative"/>.</summary>
public sealed record FieldComparison(string Name, int Line, string Field, FieldMethod Method, IReadOnlyList<double> Thresholds)
    : ComparisonRule(Name, Line)
{
    /// <summary>Whether the thresholds are differences between numbers rather than similarities.</summary>
    public bool Numeric => Method is FieldMethod.Absolute or FieldMethod.Relative;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels =>
        [.. new[] { "exact" }.Concat(Thresholds.Select(t => Numeric ? $"<={t:0.###}{(Method == FieldMethod.Relative ? " rel" : "")}" : $">={t:0.##}")), "different"];
}

/// <summary>Observation times within the given numbers of days.</summary>
public sealed record TimeComparison(string Name, int Line, IReadOnlyList<double> Days) : ComparisonRule(Name, Line)
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => [.. Days.Select(d => $"<={d:0.##}d"), "different"];
}
