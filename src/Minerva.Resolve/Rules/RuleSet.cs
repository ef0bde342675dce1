using Minerva.Core;

namespace Minerva.Resolve.Rules;

/// <summary>
/// How records are resolved: which sources, how candidates are found (blocking), which comparisons score them,
/// and the thresholds. Loaded from <c>rules/*.yaml</c> by <see cref="RuleLoader"/>.
/// </summary>
public sealed record RuleSet
{
    /// <summary>Name shown in outputs.</summary>
    public required string Name { get; init; }

    /// <summary>File it was loaded from (for messages).</summary>
    public required string File { get; init; }

    /// <summary>The rule file's text, saved with each resolution so it can be explained later.</summary>
    public required string Text { get; init; }

    /// <summary>Sources resolved; <c>*</c> means every source in the workspace.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Match weight in bits (log2 odds, prior included) a pair needs to link.</summary>
    public double LinkThreshold { get; init; } = 4;

    /// <summary>Linkage between two sources instead of de-duplication within them, if set.</summary>
    public LinkMode? Link { get; init; }

    /// <summary>Extra bits of summed link weight needed per doubling of the smaller group before two groups merge.</summary>
    public double Bridge { get; init; } = 4;

    /// <summary>A pair whose weight is at or below this (bits) is evidence of two different people: no entity holds it,
    /// whatever chain of links runs between them.</summary>
    public double CannotLink { get; init; } = -20;

    /// <summary>Limits that turn a selector into a suppressed hub.</summary>
    public HubLimits Hubs { get; init; } = new();

    /// <summary>Candidate generation.</summary>
    public required Blocking Blocking { get; init; }

    /// <summary>Comparisons scored for every candidate pair, at most 16.</summary>
    public required IReadOnlyList<ComparisonRule> Comparisons { get; init; }

    /// <summary>Parameter estimation.</summary>
    public EmSettings Em { get; init; } = new();

    /// <summary>Whether the rule set resolves records of <paramref name="source"/>.</summary>
    public bool Covers(string source) => Sources.Contains("*") || Sources.Contains(source);
}

/// <summary>Record linkage: only pairs with one record of each of the two <paramref name="Across"/> sources are candidates;
/// with <paramref name="OneToOne"/>, each record links to at most one of the other source (the strongest links first).</summary>
/// <param name="Across">The two sources linked.</param>
/// <param name="OneToOne">Whether a record may match at most one record of the other source.</param>
public sealed record LinkMode(IReadOnlyList<string> Across, bool OneToOne);

/// <summary>Hub limits: a selector on more than <paramref name="MaxRecords"/> records, or whose records carry more than
/// <paramref name="MaxCompanions"/> other values of the same kind (a shared line, not one person's), links nothing.</summary>
/// <param name="MaxRecords">Most records a linking selector may be on.</param>
/// <param name="MaxCompanions">Most other same-kind values its records may carry.</param>
public sealed record HubLimits(int MaxRecords = 500, int MaxCompanions = 8);

/// <summary>Candidate generation: only pairs found here are ever compared.</summary>
/// <param name="Selectors">Records sharing a value of these kinds are candidates.</param>
/// <param name="MinHash">Near-duplicate text by MinHash banding, if set.</param>
/// <param name="Handles">Similar handle names by shared character n-grams, if set.</param>
/// <param name="Keys">Blocking keys for structured lists: records with the same key are candidates.</param>
/// <param name="MaxBlock">Blocks (key groups, LSH buckets, n-gram buckets) larger than this are skipped and reported.</param>
public sealed record Blocking(
    IReadOnlyList<SelectorKind> Selectors,
    MinHashBlocking? MinHash,
    HandleBlocking? Handles,
    IReadOnlyList<BlockingKey> Keys,
    int MaxBlock = 300)
{
    /// <summary>Near-duplicate photos (PDQ hashes within a Hamming radius, any rotation or flip), if set.</summary>
    public ImageBlocking? Images { get; init; }

    /// <summary>Records sharing a rare word of a field, if set.</summary>
    public TokenBlocking? Tokens { get; init; }
}

/// <summary>Rare-word blocking: records whose <paramref name="Field"/> shares a word found on at most
/// <paramref name="MaxRecords"/> records are candidates (product names, titles: "WinFS", "quickbooks").</summary>
/// <param name="Field">Field whose words are keys.</param>
/// <param name="MaxRecords">Words on more records than this are too common to block on (skipped and counted).</param>
/// <param name="Line">Line in the rule file.</param>
public sealed record TokenBlocking(string Field, int MaxRecords, int Line);

/// <summary>Records whose photos' hashes are within <paramref name="Radius"/> bits are candidates; rotations and flips
/// are searched up to PDQ's 31-bit match threshold.</summary>
/// <param name="Radius">Bits of 256.</param>
public sealed record ImageBlocking(int Radius);

/// <summary>LSH over a text field's MinHash signature: <paramref name="Bands"/> × <paramref name="Rows"/> hashes.</summary>
/// <param name="Field">Field whose word shingles are hashed.</param>
/// <param name="Bands">Bands; a pair is a candidate when any band matches.</param>
/// <param name="Rows">Hashes per band.</param>
/// <param name="Line">Line in the rule file.</param>
public sealed record MinHashBlocking(string Field, int Bands, int Rows, int Line);

/// <summary>Handles whose names share at least <paramref name="MinShared"/> of their character n-grams.</summary>
/// <param name="Gram">n-gram length.</param>
/// <param name="MinShared">Share of the shorter name's n-grams that must be shared.</param>
public sealed record HandleBlocking(int Gram = 3, double MinShared = 0.6);

/// <summary>A composite blocking key: the parts are concatenated; a record missing any part has no key.</summary>
/// <param name="Parts">Key parts.</param>
public sealed record BlockingKey(IReadOnlyList<KeyPart> Parts)
{
    /// <inheritdoc/>
    public override string ToString() => string.Join("+", Parts.Select(p => p.Prefix > 0 ? $"{p.Field}[:{p.Prefix}]" : p.Field));
}

/// <summary>A field, optionally cut to its first <paramref name="Prefix"/> characters (0 = whole).</summary>
/// <param name="Field">Field name.</param>
/// <param name="Prefix">Characters kept.</param>
/// <param name="Line">Line in the rule file.</param>
public sealed record KeyPart(string Field, int Prefix, int Line);

/// <summary>EM settings.</summary>
/// <param name="MaxIterations">Iteration cap.</param>
/// <param name="Tolerance">Stop when the log-likelihood changes by less than this share between iterations.</param>
/// <param name="RandomPairs">Random record pairs sampled to estimate u before EM.</param>
/// <param name="Seed">Seed of the pair sample, so runs are reproducible.</param>
/// <param name="PriorPairs">Weight, in pairs, of the starting values as a prior (keeps small cases from degenerate fits).</param>
public sealed record EmSettings(int MaxIterations = 1000, double Tolerance = 1e-9, int RandomPairs = 200_000, int Seed = 1, double PriorPairs = 20);
