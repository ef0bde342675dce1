namespace Minerva.Storage.Sqlite.Tests;

public sealed class Unicode61Tests
{
    [Fact]
    public void Every_code_point_is_classed_and_folded_as_SQLite_does()
    {
        var (classes, folds) = Unicode61Oracle.Derive();
        if (Environment.GetEnvironmentVariable("MINERVA_WRITE_UNICODE61") is { Length: > 0 } path)
            File.WriteAllText(path, Unicode61Oracle.Source(classes, folds));
        var wrong = new List<string>();
        for (var c = 0; c < classes.Length && wrong.Count < 20; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue; // never looked up: a lone surrogate is read as U+FFFD
            if (Unicode61.Class(c) != classes[c]) wrong.Add($"U+{c:X4}: class {Unicode61.Class(c)}, SQLite {classes[c]}");
            else if (classes[c] == Unicode61Oracle.Token && Unicode61.Fold(c) != folds.GetValueOrDefault(c, c))
                wrong.Add($"U+{c:X4}: folds to U+{Unicode61.Fold(c):X4}, SQLite U+{folds.GetValueOrDefault(c, c):X4}");
        }
        Assert.True(wrong.Count == 0, "Unicode61 tables differ from SQLite (regenerate, see Unicode61Tables.g.cs):\n" + string.Join('\n', wrong));
    }

    [Theory]
    [InlineData("Hello, World!", "hello world")]
    [InlineData("Café Zoë naïve", "cafe zoe naive")] // diacritics removed, as remove_diacritics 2 does
    [InlineData("e\u0301te\u0301", "ete")] // combining marks continue the word and are dropped
    [InlineData("\u0301abc", "abc")] // a combining mark does not start a word
    [InlineData("24/7 in-call ＡＢＣ", "24 7 in call ａｂｃ")] // fullwidth letters are lower-cased, not narrowed
    [InlineData("④②④ ⑤⑤⑤", "④②④ ⑤⑤⑤")] // circled digits are numbers, so words
    [InlineData("call 💋 me\ud800x", "call me x")] // emoji separate; a lone surrogate is U+FFFD, a separator
    [InlineData("straße ДОБРО", "straße добро")]
    public void Words_are_split_and_folded(string text, string words) =>
        Assert.Equal(words.Split(' '), Unicode61.Words(text));
}
