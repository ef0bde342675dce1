using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Minerva.Search;

/// <summary>A value of a facet and how many matching records have it.</summary>
/// <param name="Value">The value (a source, a country code, a place as written, a selector kind, or a month <c>yyyy-MM</c>).</param>
/// <param name="Count">Matching records with it.</param>
public sealed record FacetValue(string Value, long Count);

/// <summary>What every record matching a search is, counted: not just the page shown.</summary>
/// <param name="Sources">Records per source, most first.</param>
/// <param name="Countries">Per country code, most first.</param>
/// <param name="Places">Per location as written (lower case), most first.</param>
/// <param name="Kinds">Per selector kind the records hold (a record counts once per kind), most first.</param>
/// <param name="Months">Per month of observation, in order (records without a time are not counted here).</param>
public sealed record FacetCounts(IReadOnlyList<FacetValue> Sources, IReadOnlyList<FacetValue> Countries, IReadOnlyList<FacetValue> Places,
    IReadOnlyList<FacetValue> Kinds, IReadOnlyList<FacetValue> Months)
{
    /// <summary>Values kept per facet, the most frequent (months are all kept).</summary>
    public const int Top = 20;
}

/// <summary>
/// Counts the facet values of every matching document from its doc values (<see cref="Fields.FacetSource"/> and the
/// others, <see cref="Fields.Observed"/>), segment by segment: a value's ordinal is counted in an array and named once the
/// segment is done; selector kinds are bits of one number; days index an array (a dictionary of days cost more).
/// </summary>
internal sealed class FacetCollector : ICollector
{
    /// <summary>Days from 1970 counted in the array (to 2100); any other time goes to a dictionary.</summary>
    private const int Days = 47_482;

    private readonly Dictionary<string, long>[] _values = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly long[] _kinds = new long[64];
    private readonly long[] _days = new long[Days];
    private readonly Dictionary<long, long> _otherDays = [];
    private readonly SortedDocValues?[] _sorted = new SortedDocValues?[3];
    private readonly long[][] _ordinals = [[], [], []];
    private NumericDocValues? _kindMasks;
    private NumericDocValues? _observed;
    private IBits? _hasObserved;

    private static readonly string[] SortedFields = [Fields.FacetSource, Fields.FacetCountry, Fields.FacetPlace];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        var reader = context.AtomicReader;
        for (var f = 0; f < SortedFields.Length; f++)
        {
            _sorted[f] = reader.GetSortedDocValues(SortedFields[f]);
            _ordinals[f] = _sorted[f] is { } values ? new long[values.ValueCount] : [];
        }
        _kindMasks = reader.GetNumericDocValues(Fields.FacetKinds);
        _observed = reader.GetNumericDocValues(Fields.Observed);
        _hasObserved = reader.GetDocsWithField(Fields.Observed);
    }

    public void Collect(int doc)
    {
        for (var f = 0; f < 3; f++)
            if (_sorted[f] is { } values && values.GetOrd(doc) is var ord and >= 0) _ordinals[f][ord]++;
        if (_kindMasks is not null)
            for (var mask = (ulong)_kindMasks.Get(doc); mask != 0; mask &= mask - 1) _kinds[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
        // A missing time reads as 0; only then is it worth asking whether the document has one.
        var seconds = _observed?.Get(doc) ?? 0;
        if (_observed is not null && (seconds != 0 || (_hasObserved?.Get(doc) ?? false)))
        {
            var day = Math.DivRem(seconds, 86_400, out var rest) - (rest < 0 ? 1 : 0);
            if (day is >= 0 and < Days) _days[day]++;
            else _otherDays[day] = _otherDays.GetValueOrDefault(day) + 1;
        }
    }

    /// <summary>The counts of collectors that each counted part of the index (its segments), once the search is done.</summary>
    public static FacetCounts Sum(IReadOnlyList<FacetCollector> parts)
    {
        var total = new FacetCollector();
        foreach (var part in parts)
        {
            part.Flush();
            for (var f = 0; f < total._values.Length; f++)
                foreach (var (value, count) in part._values[f]) total._values[f][value] = total._values[f].GetValueOrDefault(value) + count;
            for (var k = 0; k < total._kinds.Length; k++) total._kinds[k] += part._kinds[k];
            for (var d = 0; d < Days; d++) total._days[d] += part._days[d];
            foreach (var (day, count) in part._otherDays) total._otherDays[day] = total._otherDays.GetValueOrDefault(day) + count;
        }
        return total.Counts();
    }

    /// <summary>The counts, once the search is done.</summary>
    public FacetCounts Counts()
    {
        Flush();
        static List<FacetValue> Top(IEnumerable<KeyValuePair<string, long>> counts) =>
            [.. counts.Where(v => v.Value > 0).OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Take(FacetCounts.Top)
                .Select(v => new FacetValue(v.Key, v.Value))];
        var kinds = Enum.GetValues<Core.SelectorKind>().Select(k => KeyValuePair.Create(Core.SelectorKinds.Name(k), _kinds[(int)k]));
        var days = Enumerable.Range(0, Days).Where(d => _days[d] > 0).Select(d => KeyValuePair.Create((long)d, _days[d])).Concat(_otherDays);
        var months = days.GroupBy(d => DateTimeOffset.UnixEpoch.AddDays(d.Key).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new FacetValue(g.Key, g.Sum(d => d.Value))).ToList();
        return new FacetCounts(Top(_values[0]), Top(_values[1]), Top(_values[2]), Top(kinds), months);
    }

    private void Flush()
    {
        var term = new BytesRef();
        for (var f = 0; f < 3; f++)
        {
            if (_sorted[f] is not { } values) continue;
            for (var ord = 0; ord < _ordinals[f].Length; ord++)
            {
                if (_ordinals[f][ord] == 0) continue;
                values.LookupOrd(ord, term);
                var value = term.Utf8ToString();
                _values[f][value] = _values[f].GetValueOrDefault(value) + _ordinals[f][ord];
            }
            _sorted[f] = null;
        }
    }
}
