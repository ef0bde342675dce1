using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>
/// A saved HTML page: one record per element matching the definition's <c>record</c> selector, or the whole
/// page as one record. Pages are parsed one at a time, so memory is bounded by the largest page (at most
/// <see cref="RecordLimits.MaxBytes"/>); a page nested deeper than <see cref="RecordLimits.MaxHtmlDepth"/> is refused.
/// </summary>
internal sealed class HtmlReader(TextEncoding encoding, string? recordSelector) : IFormatReader
{
    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        var length = new FileInfo(file).Length; // never 0: the ingest quarantines empty files without opening them
        if (Refusal(file, length, out var text, out var note) is { } refusal)
        {
            yield return new BadItem(file, "whole file", "", refusal);
            yield break;
        }
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(text!);
        if (recordSelector is null)
        {
            yield return new ParsedItem(file, "page", document.DocumentElement.OuterHtml, new HtmlElement(document.DocumentElement)) { Decoding = note };
        }
        else
        {
            var elements = document.QuerySelectorAll(recordSelector);
            if (elements.Length == 0) yield return new BadItem(file, "whole file", Truncate(document.DocumentElement.OuterHtml),
                $"no element matches the record selector '{recordSelector}'");
            var index = 0;
            foreach (var element in elements)
            {
                index++;
                var location = element.Id is { Length: > 0 } id ? $"{element.LocalName}#{id}" : $"{recordSelector} #{index}";
                yield return new ParsedItem(file, location, element.OuterHtml, new HtmlElement(element)) { Decoding = note };
            }
        }
        progress(length);
    }

    /// <summary>Why the page is not parsed (too large, nested too deep), or null with its text.</summary>
    private string? Refusal(string file, long length, out string? text, out DecodingNote note)
    {
        text = null;
        note = DecodingNote.None;
        if (length > RecordLimits.MaxBytes) return RecordLimits.TooLarge("the page", length);
        text = TextDecoding.Decode(File.ReadAllBytes(file), encoding, out note, out _);
        var depth = HtmlDepth.Exceeds(text, RecordLimits.MaxHtmlDepth);
        return depth ? $"elements are nested more than {RecordLimits.MaxHtmlDepth:N0} deep (parsing such a page takes time quadratic in its depth)" : null;
    }

    private static string Truncate(string text) => text.Length <= 4096 ? text : text[..4096];

    private sealed class HtmlElement(IElement element) : IValueReader
    {
        public void Read(ValueSpec spec, List<string> into)
        {
            IEnumerable<IElement> targets = string.IsNullOrEmpty(spec.Css) ? [element] : element.QuerySelectorAll(spec.Css);
            into.AddRange(targets
                .Select(t => spec.Attribute is null ? Normalise(t.TextContent) : t.GetAttribute(spec.Attribute))
                .OfType<string>().Where(v => v.Length > 0));
        }

        /// <summary>Collapses the whitespace HTML layout adds.</summary>
        private static string Normalise(string text) =>
            string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
