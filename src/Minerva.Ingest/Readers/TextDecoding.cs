using System.Text;
using System.Text.Unicode;

namespace Minerva.Ingest.Readers;

/// <summary>How a connector's text is decoded (<c>encoding:</c>).</summary>
public enum TextEncoding
{
    /// <summary>UTF-8: bytes that are not UTF-8 are replaced by U+FFFD, and the record is counted and kept whole in its payload.</summary>
    Utf8,
    /// <summary>ISO-8859-1: every byte is a character.</summary>
    Latin1,
    /// <summary>UTF-8 where a line is valid UTF-8, else that line as ISO-8859-1 (files merged from several exports).</summary>
    Auto,
}

/// <summary>What decoding did to one item's text.</summary>
public enum DecodingNote : byte
{
    /// <summary>Decoded as declared.</summary>
    None,
    /// <summary>Not valid UTF-8: the fields hold U+FFFD where the bad bytes were; the payload holds each original byte as
    /// one ISO-8859-1 character, so the bytes can be recovered exactly.</summary>
    InvalidUtf8,
    /// <summary>Not valid UTF-8, read as ISO-8859-1 (<see cref="TextEncoding.Auto"/>).</summary>
    ReadAsLatin1,
}

/// <summary>Decodes one line (or page) of bytes by a connector's encoding.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding Utf8Replacing = new(false, throwOnInvalidBytes: false);

    /// <summary>The text of <paramref name="bytes"/>; <paramref name="payload"/> is what the record keeps as raw payload.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, TextEncoding encoding, out DecodingNote note, out string? payload)
    {
        payload = null;
        note = DecodingNote.None;
        if (encoding == TextEncoding.Latin1) return Encoding.Latin1.GetString(bytes);
        if (Utf8.IsValid(bytes)) return Utf8Replacing.GetString(bytes);
        if (encoding == TextEncoding.Auto)
        {
            note = DecodingNote.ReadAsLatin1;
            return Encoding.Latin1.GetString(bytes);
        }
        note = DecodingNote.InvalidUtf8;
        payload = Encoding.Latin1.GetString(bytes);
        return Utf8Replacing.GetString(bytes);
    }
}
