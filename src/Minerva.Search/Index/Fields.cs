using Minerva.Core;

namespace Minerva.Search;

/// <summary>
/// The fields of a record's document in the index. Nothing is stored in the index but the storage id: what a hit shows is
/// read from the store, which stays the one source of the records.
/// <para>Every exact value (the id, source, country, language, each selector) and the words of the title, location and
/// author are terms of one field, <see cref="Keys"/>, as <c>kind=value</c>: Lucene.Net indexes a field with many terms far
/// more cheaply than many fields of one term each (measured on 30,000 generated ads: eight one-term fields cost 32 µs and
/// 19 KB per ad, against about 0.5 µs per term in one field).</para>
/// </summary>
public static class Fields
{
    /// <summary>Storage id as a per-document number, for reading hits.</summary>
    public const string RecordId = "rid";

    /// <summary>Title, text, location and author: folded words with positions (exact words, phrases, prefixes, fuzzy,
    /// NEAR), and at each word its marked stem (<see cref="Analysis.StemCompanionFilter"/>).</summary>
    public const string Text = "text";

    /// <summary>Exact values and scoped words, <c>kind=value</c> (see the type).</summary>
    public const string Keys = "keys";

    /// <summary>Observation time, Unix seconds, per document: for ranges (<c>from:</c>, <c>to:</c>) and newest first.</summary>
    public const string Observed = "observed";

    /// <summary>Per document, the values search results are counted by, read only for the documents that match: its
    /// source, country and place as sorted doc values (one ordinal per document), and the selector kinds it holds as a bit
    /// mask (<see cref="FacetKinds"/>). Measured on 1M ads, a common word (in 5–40 % of them) with its facets: one
    /// sorted-set field of <c>kind=value</c> terms, 138 ms p50; these fields, 120–124 ms (17–19 ms without facets).</summary>
    public const string FacetSource = "f.source", FacetCountry = "f.country", FacetPlace = "f.place", FacetKinds = "f.kinds";

    /// <summary>Kinds of <see cref="Keys"/> terms (<see cref="Has"/>: a selector kind the record holds, for <c>has:phone</c>).</summary>
    public const string Id = "id", Source = "source", Country = "country", Language = "lang", Title = "title", Location = "location", Author = "author",
        Has = "has";

    /// <summary>A selector kind's values, normalised (<c>phone:+1…</c>).</summary>
    public static string Selector(SelectorKind kind) => "s." + kind.Name();

    /// <summary>Handle names without their platform, for <c>handle:name</c> on any platform.</summary>
    public const string HandleName = "s.handle.name";

    /// <summary>The <see cref="Keys"/> term of a value of a kind.</summary>
    public static string Key(string kind, string value) => kind + "=" + value;
}
