using Minerva.Core;
using Minerva.Extraction.Emails;
using Minerva.Extraction.Handles;
using Minerva.Extraction.Phones;
using Minerva.Extraction.Urls;
using Minerva.Extraction.Wallets;

namespace Minerva.Extraction;

/// <summary>
/// Runs every extractor over a record's title, text and explicit selector fields. Thread-safe and stateless:
/// ingestion calls it in parallel.
/// </summary>
public static class SelectorExtractor
{
    /// <summary>All selectors of a record, in field and offset order, without exact duplicates.</summary>
    public static IReadOnlyList<Selector> Extract(SourceRecord record)
    {
        var found = new List<Selector>();
        var region = record.PhoneRegion ?? record.Country;
        if (!string.IsNullOrEmpty(record.Title)) ExtractText(record.Title, region, RecordField.Title, found);
        if (!string.IsNullOrEmpty(record.Text)) ExtractText(record.Text, region, RecordField.Text, found);
        foreach (var value in record.ExplicitValues) ExtractExplicit(value, region, found);
        return Distinct(found);
    }

    /// <summary>All selectors of one piece of text (the <c>minerva extract</c> command).</summary>
    public static IReadOnlyList<Selector> ExtractText(string text, string? region)
    {
        var found = new List<Selector>();
        ExtractText(text, region, RecordField.Text, found);
        return Distinct(found);
    }

    private static void ExtractText(string text, string? region, RecordField field, List<Selector> into)
    {
        var start = into.Count;
        EmailExtractor.Extract(text, field, into);
        WalletExtractor.Extract(text, field, into);
        UrlExtractor.Extract(text, field, into);
        HandleExtractor.Extract(text, field, into);
        // Digits inside an email, a wallet or a URL are part of that selector, not a phone (click-to-chat links
        // such as wa.me/4915… give their number through the URL extractor).
        var phones = new List<Selector>();
        PhoneExtractor.Extract(text, region, field, phones);
        var covering = new List<Selector>();
        var emails = new List<Selector>();
        for (var i = start; i < into.Count; i++)
        {
            if (into[i].Kind is SelectorKind.Email or SelectorKind.Wallet or SelectorKind.Url) covering.Add(into[i]);
            if (into[i].Kind == SelectorKind.Email) emails.Add(into[i]);
        }
        // Emails and URLs share text ("site.com" inside "me@site.com"); the email wins.
        if (emails.Count > 0) into.RemoveAll(s => s.Kind is SelectorKind.Url or SelectorKind.Domain && emails.Exists(e => Overlaps(e, s)));
        foreach (var phone in phones)
        {
            if (!covering.Exists(c => Overlaps(c, phone))) into.Add(phone);
        }
    }

    private static void ExtractExplicit(ExplicitValue value, string? region, List<Selector> into)
    {
        var text = value.Value.Trim();
        if (text.Length == 0) return;
        string? normalised = value.Kind switch
        {
            SelectorKind.Phone => NormaliseExplicitPhone(text, region),
            SelectorKind.Email => EmailExtractor.NormaliseExplicit(text),
            SelectorKind.Handle => HandleExtractor.NormaliseExplicit(text, value.Platform),
            SelectorKind.Wallet => WalletExtractor.Validate(text),
            SelectorKind.Url => UrlNormaliser.TryNormalise(text, out var url, out _) ? url : null,
            _ => text,
        };
        if (normalised is not null)
        {
            into.Add(new Selector(value.Kind, normalised, text, RecordField.Explicit, 0, text.Length));
            return;
        }
        // An explicit column that is not a clean value ("call 0151…, ask for Mia") still gets searched.
        ExtractText(text, region, RecordField.Explicit, into);
    }

    private static string? NormaliseExplicitPhone(string text, string? region)
    {
        var found = new List<Selector>(1);
        PhoneExtractor.Extract(text, region, RecordField.Explicit, found);
        return found.Count == 1 && found[0].Length >= text.Length - 1 ? found[0].Value : null;
    }

    private static bool Overlaps(Selector a, Selector b) =>
        a.Field == b.Field && a.Start < b.Start + b.Length && b.Start < a.Start + a.Length;

    /// <summary>
    /// Sorted by field, offset and kind (ties keep their order), first of each (kind, value, field, offset) kept.
    /// Written out rather than DistinctBy + OrderBy: 1 µs and 1.6 KB less per ad (extraction 15.1 → 14.1 µs).
    /// </summary>
    private static List<Selector> Distinct(List<Selector> found)
    {
        if (found.Count < 2) return found;
        var order = new int[found.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            Selector a = found[x], b = found[y];
            var c = ((int)a.Field).CompareTo((int)b.Field);
            if (c == 0) c = a.Start.CompareTo(b.Start);
            if (c == 0) c = ((int)a.Kind).CompareTo((int)b.Kind);
            return c != 0 ? c : x.CompareTo(y);
        });
        var kept = new List<Selector>(found.Count);
        var sameKey = 0; // first kept selector with the current field, offset and kind: duplicates are among those
        foreach (var i in order)
        {
            var s = found[i];
            if (kept.Count > 0 && (kept[^1].Field, kept[^1].Start, kept[^1].Kind) != (s.Field, s.Start, s.Kind)) sameKey = kept.Count;
            var duplicate = false;
            for (var k = sameKey; k < kept.Count && !duplicate; k++) duplicate = kept[k].Value == s.Value;
            if (!duplicate) kept.Add(s);
        }
        return kept;
    }
}
