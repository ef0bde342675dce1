using System.Text;

namespace Minerva.Storage.Sqlite;

/// <summary>
/// Splits text into words exactly as records_fts's tokenizer does (SQLite's unicode61 with remove_diacritics 2), so
/// the ranking lists kept beside the index count the words FTS5 counts. The tables are generated from SQLite itself
/// and a test compares every code point against it.
/// </summary>
internal static partial class Unicode61
{
    private const byte Separator = 0;
    private const byte TokenChar = 1;

    // Class and folding of the Basic Multilingual Plane as flat tables: the tokenizer reads every record of a bulk
    // load (~600 MB of text at 1M ads), and a binary search per character would cost more than the rest of it.
    private static readonly byte[] BmpClasses = BuildBmpClasses();
    private static readonly char[] BmpFolds = BuildBmpFolds();

    /// <summary>The class of a code point: 0 separator, 1 token character, 2 continues a token and is dropped.</summary>
    public static byte Class(int codePoint)
    {
        if (codePoint <= char.MaxValue) return BmpClasses[codePoint];
        var starts = ClassStarts;
        var i = starts.BinarySearch(codePoint);
        return Classes[i >= 0 ? i : ~i - 1];
    }

    /// <summary>What a token character is indexed as (lower case, without diacritics).</summary>
    public static int Fold(int codePoint)
    {
        if (codePoint <= char.MaxValue) return BmpFolds[codePoint];
        var runs = FoldRuns;
        for (var i = 0; i < runs.Length; i += 3)
        {
            if (codePoint >= runs[i] && codePoint < runs[i] + runs[i + 1]) return codePoint + runs[i + 2];
        }
        return codePoint;
    }

    /// <summary>A reader of the words of <paramref name="text"/>, folded into <paramref name="buffer"/>, which must be
    /// at least as long as the text.</summary>
    public static Reader Read(ReadOnlySpan<char> text, Span<char> buffer) => new(text, buffer);

    /// <summary>The words of a short text (a query) as strings.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var reader = Read(text, new char[text.Length]);
        while (reader.Next(out var word)) words.Add(word.ToString());
        return words;
    }

    /// <summary>Yields one folded word at a time; the span is valid until the next call.</summary>
    public ref struct Reader(ReadOnlySpan<char> text, Span<char> buffer)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private readonly Span<char> _buffer = buffer;
        private int _position;

        public bool Next(out ReadOnlySpan<char> word)
        {
            var i = _position;
            // A combining mark cannot start a word: it is skipped like a separator until a token character comes.
            while (i < _text.Length)
            {
                var c = CodePointAt(_text, i, out var width);
                if (Class(c) == TokenChar) break;
                i += width;
            }
            var length = 0;
            while (i < _text.Length)
            {
                var c = CodePointAt(_text, i, out var width);
                var kind = Class(c);
                if (kind == Separator) break;
                if (kind == TokenChar) length += new Rune(Fold(c)).EncodeToUtf16(_buffer[length..]);
                i += width;
            }
            _position = i;
            word = _buffer[..length];
            return length > 0;
        }
    }

    /// <summary>The code point at <paramref name="i"/>; a lone surrogate reaches SQLite as U+FFFD.</summary>
    private static int CodePointAt(ReadOnlySpan<char> text, int i, out int width)
    {
        var c = text[i];
        width = 1;
        if (!char.IsSurrogate(c)) return c;
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[i + 1]);
        }
        return 0xFFFD;
    }

    private static byte[] BuildBmpClasses()
    {
        var classes = new byte[char.MaxValue + 1];
        var starts = ClassStarts;
        var kinds = Classes;
        for (var i = 0; i < starts.Length && starts[i] <= char.MaxValue; i++)
        {
            var end = i + 1 < starts.Length ? Math.Min(starts[i + 1], classes.Length) : classes.Length;
            classes.AsSpan(starts[i], end - starts[i]).Fill(kinds[i]);
        }
        return classes;
    }

    private static char[] BuildBmpFolds()
    {
        var folds = new char[char.MaxValue + 1];
        for (var c = 0; c < folds.Length; c++) folds[c] = (char)c;
        var runs = FoldRuns;
        for (var i = 0; i < runs.Length && runs[i] <= char.MaxValue; i += 3)
        {
            for (var c = runs[i]; c < runs[i] + runs[i + 1]; c++) folds[c] = (char)(c + runs[i + 2]);
        }
        return folds;
    }
}
