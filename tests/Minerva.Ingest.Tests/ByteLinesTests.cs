using System.Text;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest.Tests;

public sealed class ByteLinesTests
{
    /// <summary>A stream that hands out a few bytes per read, so line ends fall on every kind of buffer boundary.</summary>
    private sealed class Trickle(byte[] data, Random random) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, random.Next(1, 8)));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Lines_split_as_text_does_and_long_ones_are_reported_with_their_length(int seed, bool trickle)
    {
        var random = new Random(seed);
        const int max = 100;
        var lines = Enumerable.Range(0, 400).Select(_ => new string((char)('a' + random.Next(26)), random.Next(0, 3) == 0 ? random.Next(90, 300) : random.Next(0, 40))).ToList();
        var text = string.Concat(lines.Select(l => l + (random.Next(2) == 0 ? "\r\n" : "\n")));
        var bytes = Encoding.UTF8.GetBytes(text);
        using var reader = new ByteLines(trickle ? new Trickle(bytes, random) : new MemoryStream(bytes), max);
        var got = new List<string>();
        while (reader.Next(out var line, out var tooLong)) got.Add(tooLong is { } n ? $"<{n}>" : Encoding.UTF8.GetString(line.Span));
        // A long line's length is what it holds before its line break ("\r" included when the break is "\r\n").
        var expected = text.Split('\n')[..^1].Select(l => l.Length > max ? $"<{l.Length}>" : l.TrimEnd('\r')).ToList();
        Assert.True(expected.SequenceEqual(got), $"seed {seed}: lines differ");
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_a_last_line_without_a_break_is_read()
    {
        using var reader = new ByteLines(new MemoryStream([0xEF, 0xBB, 0xBF, .. "a\nb"u8]), 10);
        Assert.True(reader.Next(out var first, out _));
        Assert.Equal("a", Encoding.UTF8.GetString(first.Span));
        Assert.True(reader.Next(out var last, out _));
        Assert.Equal("b", Encoding.UTF8.GetString(last.Span));
        Assert.False(reader.Next(out _, out _));
    }

    [Fact]
    public void A_utf16_file_is_refused_with_how_to_convert_it() =>
        Assert.Contains("iconv", Assert.Throws<InputException>(() => new ByteLines(new MemoryStream([0xFF, 0xFE, 0x61, 0x00]), 10)).Message);
}
