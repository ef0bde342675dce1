using Minerva.Resolve.Scoring;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary>The m/u table of a fitted model.</summary>
internal static class ModelTable
{
    public static Table Of(MatchModel model)
    {
        var table = new Table().Title("model: m = P(level | match), u = P(level | non-match)")
            .AddColumns("comparison", "level", "m", "u (candidates)", "u (random pairs)", "weight (bits)");
        for (var c = 0; c < model.Comparisons.Count; c++)
        {
            var cm = model.Comparisons[c];
            for (var l = 0; l < cm.Levels.Count; l++)
                table.AddRow(l == 0 ? Markup.Escape(cm.Name) : "", Markup.Escape(cm.Levels[l]), $"{cm.M[l]:0.0000}", $"{cm.U[l]:0.0000}",
                    $"{cm.RandomU[l]:0.000000}", $"{model.Weight(c, l):+0.00;-0.00}");
        }
        return table;
    }
}
