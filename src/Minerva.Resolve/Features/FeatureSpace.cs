using Minerva.Core;
using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Features;

/// <summary>The slots a rule set needs: which selector kinds, which text fields get a MinHash signature, which fields are read.</summary>
internal sealed class FeatureSpace
{
    /// <summary>Signature length: enough hashes for every supported bands × rows and a Jaccard estimate with ±0.06 error.</summary>
    public const int SignatureLength = 96;

    private FeatureSpace(IReadOnlyList<SelectorKind> kinds, IReadOnlyList<string> textFields, IReadOnlyList<int> minWords, IReadOnlyList<string> fields)
    {
        SelectorKinds = kinds;
        TextFields = textFields;
        MinWords = minWords;
        Fields = fields;
    }

    /// <summary>Per text slot, the fewest distinct words a text needs to get a signature (the largest <c>min_tokens</c> of
    /// the comparisons on that field): shorter texts are absent from comparison and from MinHash blocking alike.</summary>
    public IReadOnlyList<int> MinWords { get; }

    /// <summary>Selector kinds used by blocking or comparisons.</summary>
    public IReadOnlyList<SelectorKind> SelectorKinds { get; }

    /// <summary>Fields hashed into MinHash signatures.</summary>
    public IReadOnlyList<string> TextFields { get; }

    /// <summary>Fields compared or used in blocking keys.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The slots of <paramref name="rules"/>.</summary>
    public static FeatureSpace For(RuleSet rules)
    {
        var kinds = rules.Blocking.Selectors.Concat(rules.Comparisons.OfType<SelectorComparison>().Select(c => c.Kind));
        if (rules.Blocking.Handles is not null) kinds = kinds.Append(SelectorKind.Handle);
        var text = rules.Comparisons.OfType<TextComparison>().Select(c => c.Field);
        if (rules.Blocking.MinHash is { } m) text = text.Append(m.Field);
        var fields = rules.Comparisons.OfType<FieldComparison>().Select(c => c.Field)
            .Concat(rules.Blocking.Keys.SelectMany(k => k.Parts).Select(p => p.Field))
            .Concat(rules.Blocking.Tokens is { } t ? [t.Field] : []);
        var textFields = text.Distinct().ToList();
        var minWords = textFields.Select(f => rules.Comparisons.OfType<TextComparison>().Where(c => c.Field == f).Select(c => c.MinTokens).DefaultIfEmpty(0).Max()).ToList();
        return new FeatureSpace(kinds.Distinct().ToList(), textFields, minWords, fields.Distinct().ToList());
    }

    /// <summary>Slot of a selector kind.</summary>
    public int KindSlot(SelectorKind kind) => IndexOf(SelectorKinds, kind);

    /// <summary>Slot of a text field.</summary>
    public int TextSlot(string field) => IndexOf(TextFields, field);

    /// <summary>Slot of a field.</summary>
    public int FieldSlot(string field) => IndexOf(Fields, field);

    private static int IndexOf<T>(IReadOnlyList<T> list, T item)
    {
        for (var i = 0; i < list.Count; i++)
            if (EqualityComparer<T>.Default.Equals(list[i], item)) return i;
        throw new ArgumentException($"{item} has no slot", nameof(item));
    }
}
