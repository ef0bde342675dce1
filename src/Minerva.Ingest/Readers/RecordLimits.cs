namespace Minerva.Ingest.Readers;

/// <summary>Sizes past which one input item is refused instead of read: hostile files must not exhaust memory.</summary>
internal static class RecordLimits
{
    /// <summary>Largest JSON line, CSV row or HTML page, in bytes. Real ads are kilobytes; this leaves room for pages with
    /// inline images while keeping one item's memory (bytes, text, parsed tree) well under a gigabyte.</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>Deepest element nesting read from an HTML page. The HTML parser's scope checks walk the open elements, so
    /// nesting costs quadratic time: 200,000 nested divs took 248 s of CPU. Browsers cap it too (Chromium at 512).</summary>
    public const int MaxHtmlDepth = 4096;

    public static string TooLarge(string what, long bytes) =>
        $"{what} is {bytes / 1048576.0:0.#} MB, over the {MaxBytes >> 20} MB limit for one record";
}
