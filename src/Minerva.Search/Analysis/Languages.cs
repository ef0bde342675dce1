using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Hu;
using Lucene.Net.Analysis.It;
using Lucene.Net.Analysis.Nl;
using Lucene.Net.Analysis.Pt;
using Lucene.Net.Analysis.Ro;
using Lucene.Net.Analysis.Ru;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Minerva.Search.Analysis;

/// <summary>The languages whose words are stemmed: those of the countries the mission works in.</summary>
public enum Language
{
    /// <summary>Not recognised: words are folded but not stemmed.</summary>
    None,
    /// <summary>English (Porter).</summary>
    English,
    /// <summary>German (light stemmer).</summary>
    German,
    /// <summary>Dutch (Snowball).</summary>
    Dutch,
    /// <summary>Romanian (Snowball).</summary>
    Romanian,
    /// <summary>Spanish (light stemmer).</summary>
    Spanish,
    /// <summary>Italian (light stemmer).</summary>
    Italian,
    /// <summary>Portuguese (light stemmer).</summary>
    Portuguese,
    /// <summary>Hungarian (light stemmer).</summary>
    Hungarian,
    /// <summary>French (light stemmer).</summary>
    French,
    /// <summary>Russian and Ukrainian, any text in Cyrillic (Russian light stemmer, and the Ukrainian endings in і it lacks:
    /// Lucene 4.8 has no Ukrainian stemmer).</summary>
    Cyrillic,
}

/// <summary>
/// Which language a record is written in, and its stemmer. Detection counts the words of each language's stop list
/// (Lucene's own lists) in the text: an ad is short, but "the", "und", "și", "para" give most away within a sentence.
/// A text in Cyrillic is stemmed as Russian. Too few stop words, or two languages too close, is <see cref="Language.None"/>:
/// a wrong stemmer is worse than none, since the unstemmed word still matches.
/// </summary>
public static class Languages
{
    private const int MinimumHits = 2;

    /// <summary>Every stemmed language.</summary>
    public static IReadOnlyList<Language> Stemmed { get; } = Enum.GetValues<Language>().Where(l => l != Language.None).ToList();

    // Stop word (lower case, as in the lists) → a bit per language; built once from Lucene's lists.
    private static readonly Dictionary<string, int> StopWords = BuildStopWords();

    /// <summary>The language of <paramref name="text"/>.</summary>
    public static Language Detect(ReadOnlySpan<char> text)
    {
        Span<int> hits = stackalloc int[Stemmed.Count + 1];
        var cyrillic = 0;
        var letters = 0;
        var lookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[16];
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetter(c))
            {
                letters++;
                if (c is >= '\u0400' and <= '\u04FF') cyrillic++;
                if (length < word.Length) word[length] = char.ToLowerInvariant(c);
                length++;
                continue;
            }
            if (length is > 0 and <= 16 && lookup.TryGetValue(word[..length], out var languages))
            {
                for (var l = 1; l < hits.Length; l++)
                    if ((languages & (1 << l)) != 0) hits[l]++;
            }
            length = 0;
        }
        if (letters > 0 && cyrillic * 2 > letters) return Language.Cyrillic;
        int best = 0, second = 0;
        for (var l = 1; l < hits.Length; l++)
        {
            if (hits[l] > hits[best]) (second, best) = (best, l);
            else if (hits[l] > hits[second] || second == best) second = l;
        }
        // A clear winner only (a quarter more hits than the next): Spanish, Italian, Portuguese and French share many stop words.
        return hits[best] >= MinimumHits && hits[best] * 4 > hits[second] * 5 ? (Language)best : Language.None;
    }

    /// <summary>A new stemmer for <paramref name="language"/> (not thread-safe: one per token stream), or null for none.</summary>
    public static WordStemmer? Stemmer(Language language) => language switch
    {
        Language.English => new SnowballStemmer(new PorterStemmer()),
        Language.German => new LightStemmer(new GermanLightStemmer().Stem),
        Language.Dutch => new SnowballStemmer(new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer()),
        Language.Romanian => new SnowballStemmer(new RomanianStemmer()),
        Language.Spanish => new LightStemmer(new SpanishLightStemmer().Stem),
        Language.Italian => new LightStemmer(new ItalianLightStemmer().Stem),
        Language.Portuguese => new LightStemmer(new PortugueseLightStemmer().Stem),
        Language.Hungarian => new LightStemmer(new HungarianLightStemmer().Stem),
        Language.French => new LightStemmer(new FrenchLightStemmer().Stem),
        Language.Cyrillic => new LightStemmer(CyrillicStem),
        _ => null,
    };

    private static readonly RussianLightStemmer Russian = new();

    /// <summary>Lucene's Russian light stemmer, then the Ukrainian endings it does not know (folded: ї is і): -ів, -ії, -і
    /// (квартирі, квартира and квартири all stem to квартир), for a word of more than three letters.</summary>
    private static int CyrillicStem(char[] word, int length)
    {
        length = Russian.Stem(word, length);
        foreach (var ending in UkrainianEndings)
        {
            if (length - ending.Length >= 3 && word.AsSpan(0, length).EndsWith(ending, StringComparison.Ordinal)) return length - ending.Length;
        }
        return length;
    }

    private static readonly string[] UkrainianEndings = ["ів", "ії", "і"];

    private static Dictionary<string, int> BuildStopWords()
    {
        var lists = new Dictionary<Language, IEnumerable<string>>
        {
            [Language.English] = EnglishAnalyzer.DefaultStopSet.Select(Chars),
            [Language.German] = GermanAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Dutch] = DutchAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Romanian] = RomanianAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Spanish] = SpanishAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Italian] = ItalianAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Portuguese] = PortugueseAnalyzer.DefaultStopSet.Select(Chars),
            [Language.Hungarian] = HungarianAnalyzer.DefaultStopSet.Select(Chars),
            [Language.French] = FrenchAnalyzer.DefaultStopSet.Select(Chars),
        };
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (language, list) in lists)
            foreach (var word in list)
                words[word] = words.GetValueOrDefault(word) | (1 << (int)language);
        return words;
    }

    private static string Chars(object word) => word switch
    {
        char[] chars => new string(chars),
        _ => word.ToString()!,
    };
}
