using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Minerva.Search.Analysis;

/// <summary>
/// Adds to each word, at its position, its stem, marked with <see cref="StemMark"/> and only when it differs from the
/// word: one field then answers exact words and phrases (the words) and plain words (word or stem).
/// <para>Why so, and not KeywordRepeatFilter and a stemmer, or a second field: Lucene.Net's way of adding a token copies
/// every attribute of every token (captured states), and a second field is a second analysis and inversion; measured on
/// 20,000 generated ads with Lucene.Net 4.8: 50 µs per ad to analyse the text with KeywordRepeatFilter, 36 µs more to
/// index the stems as a field of their own, against 7 µs to split and fold the words alone. The stem added here only
/// changes the term and the position increment of the word it follows (its offsets and type stand).</para>
/// <para>Word pairs for phrases were tried too (a two-word phrase as one term) and left out: they doubled the terms to
/// invert (+35 µs per ad) and a 40,000-match pair term ranked no faster than the positional phrase (3.3 against 4.4 ms
/// on 100,000 ads): scoring the matches, not finding them, is the cost.</para>
/// </summary>
public sealed class StemCompanionFilter : TokenFilter
{
    /// <summary>Marks a stem, so that the stem "relax" of "relaxing" is not taken for the word "relax" by a phrase or an
    /// exact word (a plain word searches both; see <see cref="LuceneQueries"/>).</summary>
    public const char StemMark = '\u0001';

    private readonly WordStemmer _stemmer;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _position;
    private char[] _work = new char[32];
    private char[] _stem = new char[33];
    private int _stemLength = -1;

    /// <param name="input">Folded words.</param>
    /// <param name="stemmer">The record's language's stemmer.</param>
    public StemCompanionFilter(TokenStream input, WordStemmer stemmer) : base(input)
    {
        _stemmer = stemmer;
        _term = AddAttribute<ICharTermAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <inheritdoc/>
    public override bool IncrementToken()
    {
        if (_stemLength >= 0)
        {
            Array.Copy(_stem, _term.ResizeBuffer(_stemLength), _stemLength);
            _term.Length = _stemLength;
            _position.PositionIncrement = 0;
            _stemLength = -1;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        // The stemmer works in place: on a copy, so the word is indexed as written.
        var length = _term.Length;
        if (_work.Length < length) _work = new char[length * 2];
        Array.Copy(_term.Buffer, _work, length);
        var stem = _stemmer.Stem(_work, length);
        if (!stem.SequenceEqual(_term.Buffer.AsSpan(0, length)))
        {
            if (_stem.Length < stem.Length + 1) _stem = new char[stem.Length * 2 + 1];
            _stem[0] = StemMark;
            stem.CopyTo(_stem.AsSpan(1));
            _stemLength = stem.Length + 1;
        }
        return true;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        _stemLength = -1;
    }
}
