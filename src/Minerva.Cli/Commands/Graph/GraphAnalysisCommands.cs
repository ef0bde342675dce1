using System.CommandLine;
using System.Globalization;
using Minerva.Graph;
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
            var components = new ConnectedComponents(graph);
            var nodes = Enumerable.Range(0, graph.NodeCount).GroupBy(graph.Kind).OrderBy(k => k.Key).ToDictionary(k => Name(k.Key), k => k.Count());
            var edges = graph.Edges().GroupBy(e => e.Kind).OrderBy(k => k.Key).ToDictionary(k => k.Key.ToString().ToLowerInvariant(), k => k.LongCount());
            var multi = components.Sizes.Count(s => s > 1);
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(new { nodes = graph.NodeCount, edges = graph.EdgeCount, nodes_by_kind = nodes, edges_by_kind = edges, components = components.Count,
                    components_with_edges = multi, largest_component = components.Sizes.FirstOrDefault() });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"{graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges; {components.Count:N0} components ({multi:N0} with more than one node, largest {components.Sizes.FirstOrDefault():N0})");
            var table = new Table().AddColumns("node kind", "nodes");
            foreach (var (kind, count) in nodes) table.AddRow(kind, $"{count:N0}");
            var edgeTable = new Table().AddColumns("edge kind", "edges");
            foreach (var (kind, count) in edges) edgeTable.AddRow(kind, $"{count:N0}");
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
            var start = Minerva.App.Network.Resolve(graph, parse.GetValue(node)!);
            var found = Neighborhood.Within(graph, start, Math.Max(0, parse.GetValue(hops)), Kinds(parse.GetValue(kinds)), parse.GetValue(limit));
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(found.Select(f => new { node = graph.Key(f.Node), kind = Name(graph.Kind(f.Node)), label = graph.Label(f.Node), distance = f.Distance }));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("distance", "kind", "node", "label");
            foreach (var (n, d) in found) table.AddRow($"{d}", Name(graph.Kind(n)), Markup.Escape(graph.Key(n)), Markup.Escape(graph.Label(n)));
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
            var (a, b) = (Minerva.App.Network.Resolve(graph, parse.GetValue(from)!), Minerva.App.Network.Resolve(graph, parse.GetValue(to)!));
            var path = parse.GetValue(shortest) ? Paths.Shortest(graph, a, b) : Paths.Strongest(graph, a, b);
            if (path.Count == 0)
            {
                terminal.Error($"{graph.Key(a)} and {graph.Key(b)} are not connected");
                return ExitCodes.NotFound;
            }
            var steps = path.Select((n, i) => new
            {
                node = graph.Key(n), kind = Name(graph.Kind(n)), label = graph.Label(n),
                via = i == 0 ? null : graph.Edge(path[i - 1], n)!.Value.Kind.ToString().ToLowerInvariant(),
                weight = i == 0 ? (float?)null : graph.Edge(path[i - 1], n)!.Value.Weight,
            }).ToList();
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(steps);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("step", "via", "kind", "node", "label");
            for (var i = 0; i < steps.Count; i++)
                table.AddRow($"{i}", steps[i].via is null ? "" : $"{steps[i].via} ({steps[i].weight:0.##})", steps[i].kind, Markup.Escape(steps[i].node), Markup.Escape(steps[i].label));
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
            var note = "";
            IReadOnlyList<double> scores;
            switch (measure)
            {
                case "degree":
                    scores = Enumerable.Range(0, graph.NodeCount).Select(v => (double)graph.Degree(v)).ToArray();
                    break;
                case "betweenness":
                    // Betweenness on a large graph runs for minutes: show how far it is.
                    var b = LongWork.Run(terminal, "betweenness", (progress, _) => new Betweenness(graph, parse.GetValue(samples), seed: 1, progress: progress));
                    scores = b.Scores;
                    if (!b.Exact) note = $"estimated from {parse.GetValue(samples):N0} sampled sources (relative error of the top scores about 1/√samples)";
                    break;
                default:
                    scores = LongWork.Run(terminal, "PageRank", (progress, _) => new PageRank(graph, progress: progress).Scores);
                    break;
            }
            var filter = Kinds(parse.GetValue(kinds));
            var ranked = Enumerable.Range(0, graph.NodeCount).Where(v => filter is null || filter.Contains(graph.Kind(v)))
                .OrderByDescending(v => scores[v]).ThenBy(v => v).Take(parse.GetValue(top)).ToList();
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(ranked.Select(v => new { node = graph.Key(v), kind = Name(graph.Kind(v)), label = graph.Label(v), score = scores[v], degree = graph.Degree(v) }));
                return ExitCodes.Ok;
            }
            var table = new Table().Title($"top {ranked.Count} by {measure}").AddColumns("rank", "kind", "node", "score", "degree", "label");
            for (var i = 0; i < ranked.Count; i++)
                table.AddRow($"{i + 1}", Name(graph.Kind(ranked[i])), Markup.Escape(graph.Key(ranked[i])), scores[ranked[i]].ToString("G5", CultureInfo.InvariantCulture),
                    $"{graph.Degree(ranked[i]):N0}", Markup.Escape(graph.Label(ranked[i])));
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
            var groups = Enumerable.Range(0, graph.NodeCount).GroupBy(v => louvain.Community[v]).OrderBy(c => c.Key).Take(parse.GetValue(top))
                .Select(c => new
                {
                    community = c.Key, nodes = c.Count(),
                    kinds = c.GroupBy(graph.Kind).OrderByDescending(k => k.Count()).ToDictionary(k => Name(k.Key), k => k.Count()),
                    central = c.OrderByDescending(graph.Degree).ThenBy(v => v).Take(3).Select(graph.Key).ToList(),
                }).ToList();
            if (parse.GetValue(source.Global.Json))
            {
                terminal.Json(new { louvain.Count, louvain.Modularity, communities = groups });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"{louvain.Count:N0} communities, modularity {louvain.Modularity:0.0000}");
            var table = new Table().AddColumns("community", "nodes", "kinds", "best connected");
            foreach (var c in groups)
                table.AddRow($"{c.community}", $"{c.nodes:N0}", Markup.Escape(string.Join(", ", c.kinds.Select(k => $"{k.Key} {k.Value}"))), Markup.Escape(string.Join(", ", c.central)));
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

    internal static HashSet<NodeKind>? Kinds(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Minerva.App.Network.Kind).ToHashSet();

    internal static string Name(NodeKind kind) => Minerva.App.Network.KindName(kind);
}
