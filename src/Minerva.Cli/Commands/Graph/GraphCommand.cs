using System.CommandLine;
using Minerva.Graph;

namespace Minerva.Cli.Commands.Graph;

/// <summary><c>minerva graph …</c>: link analysis of the workspace's network, or of an edge list brought from elsewhere.</summary>
internal static class GraphCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var edges = new Option<string?>("--edges")
        {
            Description = "Analyse this CSV edge list (source,target[,weight][,type]) instead of a workspace",
            Recursive = true,
        };
        var source = new GraphSource(g, edges, terminal);
        var command = new Command("graph", "Network analysis: stats, neighbours, paths, centrality, communities, movement, exports") { edges };
        foreach (var sub in new[]
                 {
                     GraphAnalysisCommands.Stats(terminal, source), GraphAnalysisCommands.Neighbors(terminal, source),
                     GraphAnalysisCommands.Path(terminal, source), GraphAnalysisCommands.Central(terminal, source),
                     GraphAnalysisCommands.Communities(terminal, source), GraphExportCommand.Movement(terminal, g),
                     GraphExportCommand.Export(terminal, source),
                 })
            command.Subcommands.Add(sub);
        return command;
    }
}

/// <summary>Where a graph command's graph comes from: <c>--edges FILE</c>, else the workspace.</summary>
internal sealed class GraphSource(GlobalOptions g, Option<string?> edges, Terminal terminal)
{
    public GlobalOptions Global => g;

    public Minerva.Graph.Graph Load(ParseResult parse)
    {
        if (parse.GetValue(edges) is { } file)
        {
            try
            {
                return EdgeListReader.Read(file);
            }
            catch (EdgeListException e)
            {
                throw new UsageException(e.Message);
            }
        }
        using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
        return LongWork.Run(terminal, "building the network from the workspace", (_, _) => Minerva.App.Network.FromWorkspace(workspace));
    }
}
