using Lucene.Net.Tartarus.Snowball;

namespace Minerva.Search.Analysis;

/// <summary>
/// A word's stem, computed in the caller's buffer. One stemmer serves the index (<see cref="StemCompanionFilter"/>), the
/// query words and the snippets alike, so a query word's stem is always the one the index holds.
/// </summary>
public abstract class WordStemmer
{
    /// <summary>Stems the word in <paramref name="buffer"/>[0..<paramref name="length"/>) and returns it (in
    /// <paramref name="buffer"/> or the stemmer's own, valid until its next call).</summary>
    public abstract ReadOnlySpan<char> Stem(char[] buffer, int length);
}

/// <summary>Lucene's light stemmers: in place, never longer.</summary>
internal sealed class LightStemmer(Func<char[], int, int> stem) : WordStemmer
{
    public override ReadOnlySpan<char> Stem(char[] buffer, int length) => buffer.AsSpan(0, stem(buffer, length));
}

/// <summary>A Snowball stemmer (Porter for English, Dutch, Romanian).</summary>
internal sealed class SnowballStemmer(SnowballProgram program) : WordStemmer
{
    public override ReadOnlySpan<char> Stem(char[] buffer, int length)
    {
        program.SetCurrent(buffer, length);
        program.Stem();
        return program.CurrentBuffer.AsSpan(0, program.CurrentBufferLength);
    }
}
