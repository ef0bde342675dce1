using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Minerva.Search.Analysis;

/// <summary>
/// How record text becomes terms. Words are split by Unicode's rules (UAX #29) and folded with ICU (case, accents,
/// widths: "Ŝtraße" is "strasse"), so a query need not match the writer's keyboard. <see cref="Fields.Text"/> also holds,
/// at each word's position, its stem in the record's language (<see cref="StemCompanionFilter"/>). Digits spelt out and
/// emoji are the selector extractors' business.
/// </summary>
public static class RecordAnalyzers
{
    /// <summary>The Lucene version the index is written with.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Folded words, unstemmed: query words, and the words of the scoped fields (title, location, author).</summary>
    public static Analyzer Exact { get; } = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = Tokenizer(reader);
        return new TokenStreamComponents(tokenizer, new ICUFoldingFilter(tokenizer));
    });

    private static readonly Dictionary<Language, Analyzer> DocumentsBy = Enum.GetValues<Language>().ToDictionary(l => l, Document);

    /// <summary>The analyzer of a whole record written in <paramref name="language"/>.</summary>
    public static Analyzer ForDocument(Language language) => DocumentsBy[language];

    private static Analyzer Document(Language language)
    {
        var text = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = Tokenizer(reader);
            var folded = new ICUFoldingFilter(tokenizer);
            return new TokenStreamComponents(tokenizer, Languages.Stemmer(language) is { } stemmer ? new StemCompanionFilter(folded, stemmer) : folded);
        });
        return new PerFieldAnalyzerWrapper(Exact, new Dictionary<string, Analyzer> { [Fields.Text] = text });
    }

    /// <summary>Words by Unicode's rules, as every analyzer of record text splits them (snippets too).</summary>
    internal static Tokenizer Tokenizer(TextReader reader) => new StandardTokenizer(Version, reader)
    {
        MaxTokenLength = 64, // a longer "word" is a hash or an encoded blob; StandardTokenizer splits it
    };
}
