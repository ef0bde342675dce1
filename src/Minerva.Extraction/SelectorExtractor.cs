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
        var covering = into.Skip(start).Where(s => s.Kind is SelectorKind.Email or SelectorKind.Wallet or SelectorKind.Url).ToList();
        // Emails and URLs share text ("site.com" inside "me@site.com"); the email wins.
        var emails = into.Skip(start).Where(s => s.Kind == SelectorKind.Email).ToList();
        into.RemoveAll(s => s.Kind is SelectorKind.Url or SelectorKind.Domain && emails.Exists(e => Overlaps(e, s)));
        into.AddRange(phones.Where(p => !covering.Exists(c => Overlaps(c, p))));
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

    private static List<Selector> Distinct(List<Selector> found) =>
        found.DistinctBy(s => (s.Kind, s.Value, s.Field, s.Start))
            .OrderBy(s => s.Field).ThenBy(s => s.Start).ThenBy(s => s.Kind).ToList();
}
