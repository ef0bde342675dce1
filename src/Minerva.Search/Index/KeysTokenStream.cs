using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Minerva.Search;

/// <summary>The terms of a document's <see cref="Fields.Keys"/> field, given whole: each with its position increment
/// (1 within a scoped field's words, so their phrases match; a wide gap between groups, so no phrase spans two).</summary>
internal sealed class KeysTokenStream : TokenStream
{
    /// <summary>Positions between one group of words and the next.</summary>
    public const int Gap = 100;

    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _position;
    private readonly List<(string Term, int Increment)> _terms;
    private int _next;

    public KeysTokenStream(List<(string Term, int Increment)> terms)
    {
        _terms = terms;
        _term = AddAttribute<ICharTermAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_next >= _terms.Count) return false;
        ClearAttributes();
        var (term, increment) = _terms[_next++];
        _term.SetEmpty().Append(term);
        _position.PositionIncrement = increment;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
