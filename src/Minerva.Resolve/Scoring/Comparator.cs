using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// Computes a pair's comparison vector — one level per comparison, packed four bits each into a
/// <see cref="ulong"/> pattern — the term-frequency adjustment of shared selectors, and on request the most bits the
/// text a pair shares can be worth (<see cref="TextFrequency"/>). Thread-safe.
/// </summary>
internal sealed class Comparator
{
    /// <summary>Level code of a comparison where either record lacks the value.</summary>
    public const int Absent = 15;

    private readonly ComparisonRule[] _rules;
    private readonly int[] _slots;
    private readonly SelectorTable _table;
    private readonly TermFrequency _frequency;
    private readonly ImageForms _images;
    private readonly TfidfCosine?[] _tfidf;
    private readonly TextFrequency?[] _texts;
    private readonly int[] _textRules;

    public Comparator(RuleSet rules, FeatureSpace space, SelectorTable table, TermFrequency frequency, ImageForms? images = null)
    {
        _images = images ?? ImageForms.None;
        _rules = [.. rules.Comparisons];
        _table = table;
        _frequency = frequency;
        _tfidf = _rules.Select(r => r is FieldComparison { Method: FieldMethod.Tfidf } f
            ? new TfidfCosine(frequency.Fields.TryGetValue(f.Field, out var v) ? v : new FieldVocabulary(0, new Dictionary<string, int>()))
            : null).ToArray();
        _texts = _rules.Select(r => r is TextComparison t && frequency.Texts.TryGetValue(t.Field, out var f) ? f : null).ToArray();
        _textRules = Enumerable.Range(0, _rules.Length).Where(c => _texts[c] is not null).ToArray();
        _slots = _rules.Select(r => r switch
        {
            SelectorComparison s => space.KindSlot(s.Kind),
            TextComparison t => space.TextSlot(t.Field),
            FieldComparison f => space.FieldSlot(f.Field),
            _ => -1,
        }).ToArray();
    }

    /// <summary>The comparisons, in pattern order.</summary>
    public IReadOnlyList<ComparisonRule> Rules => _rules;

    /// <summary>The text comparisons whose shared text is counted, by index in the pattern.</summary>
    public IReadOnlyList<int> TextRules => _textRules;

    /// <summary>The least <see cref="TextCap"/> comparison <paramref name="c"/> can give: a level weighing no more never needs the count.</summary>
    public double LeastTextCap(int c) => _texts[c]?.LeastCap ?? double.PositiveInfinity;

    /// <summary>The most bits comparison <paramref name="c"/>'s agreeing level can be worth for this pair: log2 of the records
    /// over those holding the text the two share (infinite when they share none).</summary>
    public double TextCap(RecordFeatures a, RecordFeatures b, int c) => _texts[c]?.MostBits(TextHolders(a, b, c)) ?? double.PositiveInfinity;

    /// <summary>Whether the pattern shares a value of a decisive selector comparison (for photos: a copy within a radius).</summary>
    public bool Decisive(ulong pattern)
    {
        for (var c = 0; c < _rules.Length; c++)
            if (_rules[c] is SelectorComparison { Decisive: true } rule && LevelOf(pattern, c) is var level
                && (level == 0 || (rule.Hamming is { } radii && level <= radii.Count))) return true;
        return false;
    }

    /// <summary>Level of comparison <paramref name="c"/> in <paramref name="pattern"/>.</summary>
    public static int LevelOf(ulong pattern, int c) => (int)((pattern >> (4 * c)) & 0xF);

    /// <summary>The pattern of a pair, and the term-frequency adjustment (bits) of its shared selectors.</summary>
    public ulong Compare(RecordFeatures a, RecordFeatures b, out double frequencyAdjustment)
    {
        ulong pattern = 0;
        frequencyAdjustment = 0;
        for (var c = 0; c < _rules.Length; c++)
        {
            var level = _rules[c] switch
            {
                SelectorComparison s => CompareSelectors(s, a.Selectors[_slots[c]], b.Selectors[_slots[c]], ref frequencyAdjustment),
                TextComparison t => CompareText(t, a.Signatures[_slots[c]], b.Signatures[_slots[c]]),
                FieldComparison f => CompareField(f, _tfidf[c], a.Fields[_slots[c]], b.Fields[_slots[c]]),
                TimeComparison t => CompareTime(t, a.Time, b.Time),
                _ => Absent,
            };
            pattern |= (ulong)level << (4 * c);
        }
        return pattern;
    }

    /// <summary>How many records hold the text that comparison <paramref name="c"/> finds the two records share (0: none, or unknown).</summary>
    public double TextHolders(RecordFeatures a, RecordFeatures b, int c) =>
        _texts[c] is { } frequency && a.Signatures[_slots[c]] is { } sa && b.Signatures[_slots[c]] is { } sb ? frequency.Holders(sa, sb) : 0;

    /// <summary>Selector values the two records share in comparison <paramref name="c"/>'s slot.</summary>
    public IEnumerable<int> Shared(RecordFeatures a, RecordFeatures b, int c) =>
        _rules[c] is SelectorComparison ? a.Selectors[_slots[c]].Intersect(b.Selectors[_slots[c]]) : [];

    private int CompareSelectors(SelectorComparison rule, int[] a, int[] b, ref double adjustment)
    {
        if (a.Length == 0 || b.Length == 0) return Absent;
        var rarest = -1;
        foreach (var id in a)
            if (Array.BinarySearch(b, id) >= 0 && (rarest < 0 || _table.RecordCount(id) < _table.RecordCount(rarest))) rarest = id;
        if (rarest >= 0)
        {
            adjustment += _frequency.Adjustment(rule.Kind, _table.RecordCount(rarest));
            return 0;
        }
        if (rule.Hamming is { } radii)
        {
            var nearest = 256;
            foreach (var x in a)
                foreach (var y in b)
                    nearest = Math.Min(nearest, _images.Distance(_table[x].Value, _table[y].Value));
            for (var k = 0; k < radii.Count; k++)
                if (nearest <= radii[k]) return k + 1;
        }
        if (rule.Similar is { } threshold)
        {
            foreach (var x in a)
                foreach (var y in b)
                    if (Similarity.JaroWinkler(HandleName(x), HandleName(y)) >= threshold) return 1;
        }
        return rule.Levels.Count - 1;
    }

    private string HandleName(int id)
    {
        var value = _table[id].Value;
        return value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }

    private static int CompareText(TextComparison rule, ushort[]? a, ushort[]? b)
    {
        if (a is null || b is null) return Absent;
        var similarity = MinHasher.Similarity(a, b);
        for (var k = 0; k < rule.Thresholds.Count; k++)
            if (similarity >= rule.Thresholds[k]) return k;
        return rule.Thresholds.Count;
    }

    private static int CompareField(FieldComparison rule, TfidfCosine? tfidf, string? a, string? b)
    {
        if (a is null || b is null) return Absent;
        if (rule.Numeric) return CompareNumbers(rule, a, b);
        if (a == b) return 0;
        if (rule.Method == FieldMethod.Exact) return 1;
        var similarity = rule.Method switch
        {
            FieldMethod.JaroWinkler => Similarity.JaroWinkler(a, b),
            FieldMethod.TokenSet => Similarity.TokenSet(a, b),
            FieldMethod.Tfidf => tfidf!.Similarity(a, b),
            _ => Similarity.Levenshtein(a, b),
        };
        for (var k = 0; k < rule.Thresholds.Count; k++)
            if (similarity >= rule.Thresholds[k]) return k + 1;
        return rule.Thresholds.Count + 1;
    }

    private static int CompareNumbers(FieldComparison rule, string a, string b)
    {
        if (!double.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
            || !double.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y)
            || !double.IsFinite(x) || !double.IsFinite(y)) return Absent;
        if (x == y) return 0;
        var difference = Math.Abs(x - y);
        if (rule.Method == FieldMethod.Relative) difference /= Math.Max(Math.Abs(x), Math.Abs(y));
        for (var k = 0; k < rule.Thresholds.Count; k++)
            if (difference <= rule.Thresholds[k]) return k + 1;
        return rule.Thresholds.Count + 1;
    }

    private static int CompareTime(TimeComparison rule, long? a, long? b)
    {
        if (a is null || b is null) return Absent;
        var days = Math.Abs(a.Value - b.Value) / 86400.0;
        for (var k = 0; k < rule.Days.Count; k++)
            if (days <= rule.Days[k]) return k;
        return rule.Days.Count;
    }
}
