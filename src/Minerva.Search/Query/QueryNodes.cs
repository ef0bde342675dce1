using Minerva.Core;

namespace Minerva.Search;

/// <summary>A parsed query: a tree of the terms and operators an investigator wrote.</summary>
public abstract record QueryNode;

/// <summary>A word: stemmed in the default field, as written in a scoped one; a prefix (<c>mass*</c>) or fuzzy (<c>masage~</c>,
/// <c>masage~1</c>) word is matched as written, folded.</summary>
/// <param name="Text">The word as written (without <c>*</c> or <c>~</c>).</param>
/// <param name="Field">A scoped field (<see cref="Fields.Title"/>, …), or null for all text.</param>
/// <param name="Prefix">Matches words starting with it.</param>
/// <param name="Edits">For a fuzzy word, the edits allowed (null: by length); 0 when not fuzzy.</param>
public sealed record WordNode(string Text, string? Field = null, bool Prefix = false, int? Edits = 0) : QueryNode
{
    /// <summary>Whether the word is matched fuzzily.</summary>
    public bool Fuzzy => Edits != 0;
}

/// <summary>Words in this order, exactly as written (folded, not stemmed); with a slop, up to that many moves apart.</summary>
public sealed record PhraseNode(string Text, string? Field = null, int Slop = 0) : QueryNode;

/// <summary>Two words or phrases at most <paramref name="Distance"/> words apart, in either order.</summary>
public sealed record NearNode(QueryNode Left, QueryNode Right, int Distance) : QueryNode;

/// <summary>A selector value, normalised as extraction normalises (a handle without platform matches any).</summary>
public sealed record SelectorNode(SelectorKind Kind, string Value) : QueryNode;

/// <summary>An exact value of a keyword field (<c>source:</c>, <c>country:</c>, <c>lang:</c>).</summary>
public sealed record KeywordNode(string Field, string Value) : QueryNode;

/// <summary>Records whose location has these words, or whose country is this code.</summary>
public sealed record LocationNode(string Text) : QueryNode;

/// <summary>Records observed in [From, To).</summary>
public sealed record TimeNode(DateTimeOffset? From, DateTimeOffset? To) : QueryNode;

/// <summary>Every part must match.</summary>
public sealed record AndNode(IReadOnlyList<QueryNode> Parts) : QueryNode;

/// <summary>At least one part must match.</summary>
public sealed record OrNode(IReadOnlyList<QueryNode> Parts) : QueryNode;

/// <summary>The part must not match.</summary>
public sealed record NotNode(QueryNode Part) : QueryNode;
