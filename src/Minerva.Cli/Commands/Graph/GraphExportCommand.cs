using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Minerva.Graph.Algorithms;
using Spectre.Console;

namespace Minerva.Cli.Commands.Graph;

internal static class GraphExportCommand
{
    public static Command Export(Terminal terminal, GraphSource source)
    {
        var format = new Option<string>("--format", "-f") { Description = "graphml, gexf, csv or ftm", Required = true };
        format.AcceptOnlyFromAmong("graphml", "gexf", "csv", "ftm");
        var output = new Option<string>("--out", "-o") { Description = "File to write, or '-' for standard output (csv: the edges; nodes go beside it as NAME.nodes.csv)", Required = true };
        var around = new Option<string?>("--around") { Description = "Export only this node's neighbourhood (record key, E12 or node key)" };
        var hops = new Option<int>("--hops") { Description = "Neighbourhood size for --around", DefaultValueFactory = _ => 2 };
        hops.AtLeast(0);
        var community = new Option<int?>("--community") { Description = "Export only this Louvain community (see 'graph communities')" };
        var metrics = new Option<bool>("--metrics") { Description = "Add community, PageRank and degree to every node (slower on large graphs)" };
        var command = new Command("export", "Write the network for Gephi, yEd (GraphML, GEXF), spreadsheets (CSV) or FollowTheMoney tools (ftm)")
        {
            format, output, around, hops, community, metrics,
        };
        ExportSelection Selection(ParseResult parse) => new(parse.GetValue(around), parse.GetValue(hops), parse.GetValue(community), parse.GetValue(metrics));
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var graph = source.Load(parse);
            Louvain? louvain = parse.GetValue(metrics) || parse.GetValue(community) is not null ? GraphAnalysisCommands.Communities(terminal, graph) : null;
            var view = parse.GetValue(metrics)
                ? LongWork.Run(terminal, "PageRank", (progress, _) => NetworkAnalysis.Select(graph, Selection(parse), louvain, progress))
                : NetworkAnalysis.Select(graph, Selection(parse), louvain);
            var path = parse.GetValue(output)!;
            var kind = parse.GetValue(format)!;
            if (path == "-" && kind == "csv") throw new UsageException("a csv export is two files (edges and nodes); give a file name, or export graphml, gexf or ftm to '-'");
            var paths = NetworkAnalysis.Files(path, kind);
            void Write(IReadOnlyList<Stream> streams) => NetworkAnalysis.Write(view, kind, streams);
            if (path == "-")
            {
                // '-' is standard output: the export itself goes there, and what was written to the error stream.
                using var stdout = new TextWriterStream(terminal.OutWriter);
                Write([stdout]);
                stdout.Flush();
                terminal.Err.MarkupLineInterpolated($"wrote {view.Nodes.Count:N0} nodes and {view.Edges.Count:N0} edges to standard output");
                return ExitCodes.Ok;
            }
            OutputFile.WriteAll(paths, Write);
            if (parse.GetValue(source.Global.Json)) terminal.Json(new { file = path, nodes = view.Nodes.Count, edges = view.Edges.Count });
            else terminal.Out.MarkupLineInterpolated($"wrote {view.Nodes.Count:N0} nodes and {view.Edges.Count:N0} edges to {path}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Movement(Terminal terminal, GlobalOptions g)
    {
        var entity = new Argument<string>("entity") { Description = "Entity id (E12) or one of its records" };
        var places = new Option<int>("--places") { Description = "Distinct places that make a circuit", DefaultValueFactory = _ => 3 };
        places.AtLeast(1);
        var days = new Option<double>("--days") { Description = "Window of a circuit, in days", DefaultValueFactory = _ => 30 };
        var command = new Command("movement", "An entity's timeline of places, and circuit flags (3+ cities within 30 days)") { entity, places, days };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            if (EntityArgument.Find(workspace, parse.GetValue(entity)!, terminal) is not (var id, _)) return ExitCodes.NotFound;
            var movement = new Minerva.App.Workbench(workspace).Movement(id, parse.GetValue(places), parse.GetValue(days))!;
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    entity = $"E{id}", timeline = movement.Timeline, moves = movement.Moves.Count, legs = movement.Moves, circuits = movement.Circuits,
                    without_time_or_place = movement.WithoutTimeOrPlace, unplaced = movement.Unplaced,
                });
                return ExitCodes.Ok;
            }
            var kilometres = movement.Moves.ToDictionary(m => m.To, m => m.Kilometres);
            var table = new Table().Title($"E{id}: {movement.Timeline.Count} sightings, {movement.Moves.Count} moves").AddColumns("when", "place", "record", "km moved");
            foreach (var s in movement.Timeline)
                table.AddRow(s.Time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(s.Place), Markup.Escape(s.Record),
                    kilometres.TryGetValue(s.Record, out var km) ? km is { } k ? $"{k:N0}" : "?" : "");
            terminal.Out.Write(table);
            foreach (var c in movement.Circuits)
                terminal.Out.MarkupLineInterpolated(
                    $"[yellow]circuit[/]: {c.Places.Count} places in {(c.To - c.From).TotalDays:0} days ({c.From:yyyy-MM-dd} to {c.To:yyyy-MM-dd}): {string.Join(" → ", c.Places)}; records {string.Join(", ", c.Records)}");
            if (movement.Circuits.Count == 0) terminal.Out.MarkupLine("no circuit flag");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
