using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Minerva.Graph.Algorithms;
using Spectre.Console;

namespace Minerva.Cli.Commands.Graph;

internal static class GraphAnalysisCommands
{
    public static Command Stats(Terminal terminal, GraphSource source)
    {
        var command = new Command("stats", "Nodes and edges by kind, connected components");
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            var stats = NetworkAnalysis.Stats(graph);
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(stats);
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"{stats.Nodes:N0} nodes, {stats.Edges:N0} edges; {stats.Components:N0} components ({stats.ComponentsWithEdges:N0} with more than one node, largest {stats.LargestComponent:N0})");
            var table = new Table().AddColumns("node kind", "nodes");
            foreach (var (kind, count) in stats.NodesByKind) table.AddRow(kind, $"{count:N0}");
            var edgeTable = new Table().AddColumns("edge kind", "edges");
            foreach (var (kind, count) in stats.EdgesByKind) edgeTable.AddRow(kind, $"{count:N0}");
            terminal.Out.Write(table);
            terminal.Out.Write(edgeTable);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Neighbors(Terminal terminal, GraphSource source)
    {
        var node = new Argument<string>("node") { Description = "Record key, entity (E12) or node key (phone:+15551234567)" };
        var hops = new Option<int>("--hops") { Description = "Largest distance", DefaultValueFactory = _ => 2 };
        hops.AtLeast(0);
        var kinds = KindsOption("Only pass through nodes of these kinds (e.g. record,phone,email)");
        var limit = new Option<int>("--limit", "-n") { Description = "Most nodes listed", DefaultValueFactory = _ => 200 };
        limit.AtLeast(1);
        var command = new Command("neighbors", "Nodes within N hops of a node") { node, hops, kinds, limit };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            var found = NetworkAnalysis.Neighbours(graph, parse.GetValue(node)!, parse.GetValue(hops), parse.GetValue(kinds), parse.GetValue(limit));
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(found);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("distance", "kind", "node", "label");
            foreach (var f in found) table.AddRow($"{f.Distance}", f.Kind, Markup.Escape(f.Node), Markup.Escape(f.Label));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Path(Terminal terminal, GraphSource source)
    {
        var from = new Argument<string>("from") { Description = "Start node" };
        var to = new Argument<string>("to") { Description = "End node" };
        var shortest = new Option<bool>("--shortest") { Description = "Fewest hops instead of the strongest chain of evidence" };
        var command = new Command("path", "The chain of evidence between two nodes (strongest links; --shortest for fewest hops)") { from, to, shortest };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            var (start, end, steps) = NetworkAnalysis.Path(graph, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(shortest));
            if (steps.Count == 0)
            {
                terminal.Error($"{start} and {end} are not connected");
                return ExitCodes.NotFound;
            }
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(steps);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("step", "via", "kind", "node", "label");
            for (var i = 0; i < steps.Count; i++)
                table.AddRow($"{i}", steps[i].Via is null ? "" : $"{steps[i].Via} ({steps[i].Weight:0.##})", steps[i].Kind, Markup.Escape(steps[i].Node), Markup.Escape(steps[i].Label));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Central(Terminal terminal, GraphSource source)
    {
        var by = new Option<string>("--by") { Description = "pagerank, degree or betweenness", DefaultValueFactory = _ => "pagerank" };
        by.AcceptOnlyFromAmong("pagerank", "degree", "betweenness");
        var top = new Option<int>("--limit", "-n") { Description = "Nodes listed", DefaultValueFactory = _ => 20 };
        top.AtLeast(1);
        var kinds = KindsOption("List only nodes of these kinds (e.g. phone,entity)");
        var samples = new Option<int>("--samples")
        {
            Description = "Betweenness sources sampled on graphs larger than this (exact below)", DefaultValueFactory = _ => 2000,
        };
        samples.AtLeast(1);
        var command = new Command("central", "The most central nodes: who or what holds the network together") { by, top, kinds, samples };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            var measure = parse.GetValue(by)!;
            // Betweenness on a large graph runs for minutes, PageRank for seconds: show how far they are.
            var (ranked, note) = measure == "degree"
                ? NetworkAnalysis.Central(graph, measure, parse.GetValue(top), parse.GetValue(kinds), parse.GetValue(samples))
                : LongWork.Run(terminal, measure == "betweenness" ? "betweenness" : "PageRank",
                    (progress, _) => NetworkAnalysis.Central(graph, measure, parse.GetValue(top), parse.GetValue(kinds), parse.GetValue(samples), progress));
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(ranked);
                return ExitCodes.Ok;
            }
            var table = new Table().Title($"top {ranked.Count} by {measure}").AddColumns("rank", "kind", "node", "score", "degree", "label");
            for (var i = 0; i < ranked.Count; i++)
                table.AddRow($"{i + 1}", ranked[i].Kind, Markup.Escape(ranked[i].Node), ranked[i].Score.ToString("G5", CultureInfo.InvariantCulture),
                    $"{ranked[i].Degree:N0}", Markup.Escape(ranked[i].Label));
            terminal.Out.Write(table);
            if (note.Length > 0) terminal.Out.MarkupLineInterpolated($"[grey]{note}[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Communities(Terminal terminal, GraphSource source)
    {
        var top = new Option<int>("--limit", "-n") { Description = "Communities listed", DefaultValueFactory = _ => 20 };
        top.AtLeast(1);
        var command = new Command("communities", "Communities by the Louvain method, with modularity") { top };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            var louvain = Communities(terminal, graph);
            var groups = NetworkAnalysis.Communities(graph, louvain, parse.GetValue(top));
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(new { louvain.Count, louvain.Modularity, communities = groups });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"{louvain.Count:N0} communities, modularity {louvain.Modularity:0.0000}");
            var table = new Table().AddColumns("community", "nodes", "kinds", "best connected");
            foreach (var c in groups)
                table.AddRow($"{c.Community}", $"{c.Nodes:N0}", Markup.Escape(string.Join(", ", c.Kinds.Select(k => $"{k.Key} {k.Value}"))), Markup.Escape(string.Join(", ", c.Central)));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Option<string?> KindsOption(string description) => new("--kinds") { Description = description };

    /// <summary>Louvain with a bar that names each level as it ends (their number is not known ahead).</summary>
    internal static Louvain Communities(Terminal terminal, Minerva.Graph.Graph graph) =>
        LongWork.Run(terminal, "communities (Louvain)", (_, describe) =>
            new Louvain(graph, level: (level, count) => describe($"communities (Louvain): level {level}, {count:N0} communities")));
}
