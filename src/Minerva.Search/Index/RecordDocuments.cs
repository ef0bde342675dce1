using Lucene.Net.Documents;
using Lucene.Net.Index;
using Minerva.Core;
using Minerva.Search.Analysis;
using Minerva.Storage;

namespace Minerva.Search;

/// <summary>A record as an index document, with the language it is analysed in.</summary>
internal static class RecordDocuments
{
    /// <summary>Keys are matched, never ranked by length: no norms; positions for the scoped fields' phrases.</summary>
    private static readonly FieldType KeysType = new(TextField.TYPE_NOT_STORED) { OmitNorms = true };

    static RecordDocuments() => KeysType.Freeze();

    /// <summary>The document of <paramref name="scanned"/> and the language its words are stemmed in.</summary>
    public static (Document Document, Language Language) Of(ScannedRecord scanned)
    {
        var r = scanned.Record;
        var text = string.Join('\n', new[] { r.Title, r.Text, r.Location, r.Author }.Where(t => !string.IsNullOrEmpty(t)));
        var language = Languages.Detect(text);
        var keys = new List<(string, int)>(16)
        {
            (Fields.Key(Fields.Id, Id(scanned.Id)), 1),
            (Fields.Key(Fields.Source, r.Key.Source), 1),
            (Fields.Key(Fields.Language, language.ToString().ToLowerInvariant()), 1),
        };
        if (!string.IsNullOrEmpty(r.Country)) keys.Add((Fields.Key(Fields.Country, r.Country.ToUpperInvariant()), 1));
        foreach (var (kind, value) in scanned.Selectors)
        {
            keys.Add((Fields.Key(Fields.Selector(kind), value), 1));
            if (kind == SelectorKind.Handle && value.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
                keys.Add((Fields.Key(Fields.HandleName, value[(slash + 1)..]), 1));
        }
        var kinds = scanned.Selectors.Select(s => s.Kind).Distinct().ToList();
        foreach (var kind in kinds) keys.Add((Fields.Key(Fields.Has, kind.Name()), 1));
        AddWords(keys, Fields.Title, r.Title);
        AddWords(keys, Fields.Location, r.Location);
        AddWords(keys, Fields.Author, r.Author);
        var document = new Document
        {
            new NumericDocValuesField(Fields.RecordId, scanned.Id),
            new TextField(Fields.Text, text, Field.Store.NO),
            new Field(Fields.Keys, new KeysTokenStream(keys), KeysType),
        };
        if (r.ObservedAt is { } at) document.Add(new NumericDocValuesField(Fields.Observed, at.ToUnixTimeSeconds()));
        document.Add(Facet(Fields.FacetSource, r.Key.Source));
        if (!string.IsNullOrEmpty(r.Country)) document.Add(Facet(Fields.FacetCountry, r.Country.ToUpperInvariant()));
        if (!string.IsNullOrWhiteSpace(r.Location)) document.Add(Facet(Fields.FacetPlace, r.Location.Trim().ToLowerInvariant()));
        if (kinds.Count > 0) document.Add(new NumericDocValuesField(Fields.FacetKinds, kinds.Aggregate(0L, (mask, kind) => mask | 1L << (int)kind)));
        return (document, language);
    }

    private static SortedDocValuesField Facet(string field, string value) => new(field, new Lucene.Net.Util.BytesRef(value.Length > 200 ? value[..200] : value));

    /// <summary>The term that names a record's document (to replace it).</summary>
    public static Term IdTerm(long id) => new(Fields.Keys, Fields.Key(Fields.Id, Id(id)));

    private static void AddWords(List<(string, int)> keys, string kind, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        var first = true;
        foreach (var word in LuceneQueries.Folded(text))
        {
            keys.Add((Fields.Key(kind, word), first ? KeysTokenStream.Gap : 1));
            first = false;
        }
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
