using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary>Runs of text as console markup: record text escaped, marked runs (matched words, selectors) highlighted.</summary>
internal static class MarkedText
{
    public static string Markup(IReadOnlyList<TextPart> parts) =>
        string.Concat(parts.Select(p => p.Mark is null ? Spectre.Console.Markup.Escape(p.Text) : $"[black on yellow]{Spectre.Console.Markup.Escape(p.Text)}[/]"));
}
