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
    /// <summary>
    /// Characters of one field that extraction reads. Extraction is linear in the text, but hostile text costs up to about
    /// 2 ms per KB (measured by the hostile benchmark): a field of 16 MB would hold a core for half a minute. Past this
    /// budget the rest of the field is stored and searchable but not read for selectors, and the record says so
    /// (<see cref="IsCapped"/>).
    /// </summary>
    public const int MaxFieldChars = 1 << 20;

    /// <summary>Whether a field of <paramref name="record"/> is longer than extraction reads.</summary>
    public static bool IsCapped(SourceRecord record) => record.Title?.Length > MaxFieldChars || record.Text?.Length > MaxFieldChars;

    /// <summary>All selectors of a record, in field and offset order, without exact duplicates.</summary>
    public static IReadOnlyList<Selector> Extract(SourceRecord record)
    {
        var found = new List<Selector>();
        var (region, basis) = RegionOf(record);
        if (!string.IsNullOrEmpty(record.Title)) ExtractText(Budgeted(record.Title), region, RecordField.Title, found, basis);
        if (!string.IsNullOrEmpty(record.Text)) ExtractText(Budgeted(record.Text), region, RecordField.Text, found, basis);
        foreach (var value in record.ExplicitValues) ExtractExplicit(value, region, found, basis);
        return Distinct(found);
    }

    /// <summary>
    /// The region national numbers are read in, and where it came from: the record's own country when it has a
    /// numbering plan, else the connector's <c>phone_region</c>, else the country other records give the record's city,
    /// else none — then only international forms (+CC, 00CC, 011CC) are read, and nothing national is guessed.
    /// </summary>
    internal static (string? Region, string? Basis) RegionOf(SourceRecord record)
    {
        if (record.Country is { Length: 2 } country && PhonePlans.ForRegion(country) is not null) return (country, "record country");
        if (record.PhoneRegion is { } region) return (region, "source default");
        return record.PlaceCountry is { Length: 2 } place && PhonePlans.ForRegion(place) is not null ? (place, "country of the record's city") : (null, null);
    }

    /// <summary>All selectors of one piece of text (the <c>minerva extract</c> command).</summary>
    public static IReadOnlyList<Selector> ExtractText(string text, string? region)
    {
        var found = new List<Selector>();
        ExtractText(text, region, RecordField.Text, found);
        return Distinct(found);
    }

    private static void ExtractText(string text, string? region, RecordField field, List<Selector> into, string? basis = null)
    {
        var start = into.Count;
        EmailExtractor.Extract(text, field, into);
        WalletExtractor.Extract(text, field, into);
        UrlExtractor.Extract(text, field, into);
        HandleExtractor.Extract(text, field, into);
        // Digits inside an email, a wallet or a URL are part of that selector, not a phone (click-to-chat links
        // such as wa.me/4915… give their number through the URL extractor); those of a handle's name ("kik: lexi78.
        // five zero five…") are not the start of the number after it.
        var phones = new List<Selector>();
        List<(int Start, int End)>? handles = null;
        for (var i = start; i < into.Count; i++)
            if (into[i].Kind == SelectorKind.Handle) (handles ??= []).Add(Span(into[i]));
        handles?.Sort();
        PhoneExtractor.Extract(text, region, field, phones, basis, handles);
        var covering = new List<(int Start, int End)>();
        var emails = new List<(int Start, int End)>();
        for (var i = start; i < into.Count; i++)
        {
            if (into[i].Kind is SelectorKind.Email or SelectorKind.Wallet or SelectorKind.Url) covering.Add(Span(into[i]));
            if (into[i].Kind == SelectorKind.Email) emails.Add(Span(into[i]));
        }
        // Emails and URLs share text ("site.com" inside "me@site.com"); the email wins. Overlaps are looked up in sorted
        // spans: asked of a list, once per URL or phone, a text of thousands of them was quadratic.
        if (emails.Count > 0)
        {
            var byEmail = new Spans.Fixed(emails);
            var kept = start;
            for (var i = start; i < into.Count; i++)
                if (!(into[i].Kind is SelectorKind.Url or SelectorKind.Domain && byEmail.Overlaps(into[i].Start, into[i].Start + into[i].Length))) into[kept++] = into[i];
            into.RemoveRange(kept, into.Count - kept);
        }
        var covered = covering.Count > 0 && phones.Count > 0 ? new Spans.Fixed(covering) : null;
        foreach (var phone in phones)
        {
            if (covered is null || !covered.Overlaps(phone.Start, phone.Start + phone.Length)) into.Add(phone);
        }
    }

    /// <summary>The part of a field extraction reads: all of it, or its first <see cref="MaxFieldChars"/> (not splitting a
    /// surrogate pair). Offsets stay those of the whole text.</summary>
    private static string Budgeted(string text)
    {
        if (text.Length <= MaxFieldChars) return text;
        var cut = char.IsHighSurrogate(text[MaxFieldChars - 1]) ? MaxFieldChars - 1 : MaxFieldChars;
        return text[..cut];
    }

    private static (int Start, int End) Span(Selector s) => (s.Start, s.Start + s.Length);

    private static void ExtractExplicit(ExplicitValue value, string? region, List<Selector> into, string? basis)
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
        ExtractText(text, region, RecordField.Explicit, into, basis);
    }

    private static string? NormaliseExplicitPhone(string text, string? region)
    {
        var found = new List<Selector>(1);
        PhoneExtractor.Extract(text, region, RecordField.Explicit, found);
        return found.Count == 1 && found[0].Length >= text.Length - 1 ? found[0].Value : null;
    }

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
