using System.Globalization;
using System.Text;

namespace Minerva.Geo;

/// <summary>How names and investigators' words are compared: a place name against the gazetteer's, a search against notes.</summary>
public static class Folding
{
    private static readonly ICU4N.Text.Normalizer2 Decompose = ICU4N.Text.Normalizer2.NFKDInstance;

    /// <summary>Text as it is matched: lower case, accents and punctuation gone, spaces single ("São  Paulo." → "sao paulo").</summary>
    public static string Fold(string name)
    {
        // ICU's decomposition: .NET's own string.Normalize does nothing under the invariant globalization Minerva runs with.
        var decomposed = Decompose.Normalize(name);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                var lower = char.ToLowerInvariant(c);
                // Letters with no decomposition that ads and the gazetteer write both ways.
                folded.Append(lower switch { 'ø' => "o", 'ł' => "l", 'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'đ' => "d", 'ı' => "i", 'þ' => "th", _ => lower.ToString() });
                space = false;
            }
            else space = true; // a hyphen, a dot, an apostrophe: "Saint-Denis" is "saint denis"
        }
        return folded.ToString();
    }
}
