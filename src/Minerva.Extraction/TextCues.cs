namespace Minerva.Extraction;

/// <summary>
/// Cheap scans that tell whether a text can hold a selector at all, so the costly patterns are tried only where they
/// can match (most ads hold no URL and no email: measured on generated ads, the URL pattern alone took 5.9 µs per ad).
/// </summary>
internal static class TextCues
{
    /// <summary>A '.' directly followed by a letter or digit ("site.com", "t.me"), as every host name has.</summary>
    public static bool HasDottedWord(string text)
    {
        for (var i = text.IndexOf('.', StringComparison.Ordinal); i >= 0 && i + 1 < text.Length; i = text.IndexOf('.', i + 1))
        {
            if (char.IsAsciiLetterOrDigit(text[i + 1])) return true;
        }
        return false;
    }

    /// <summary>A '.' with white space on both sides ("gmail . com").</summary>
    public static bool HasSpacedDot(string text)
    {
        for (var i = text.IndexOf('.', StringComparison.Ordinal); i >= 0 && i + 1 < text.Length; i = text.IndexOf('.', i + 1))
        {
            if (i > 0 && char.IsWhiteSpace(text[i - 1]) && char.IsWhiteSpace(text[i + 1])) return true;
        }
        return false;
    }

    /// <summary>A scheme separator ("https://").</summary>
    public static bool HasScheme(string text) => text.Contains("://", StringComparison.Ordinal);
}
