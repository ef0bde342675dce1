using System.CommandLine;
using Minerva.Storage.Sqlite;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary><c>minerva check</c>: the workspace file's full integrity check.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("check", "Check the workspace file for damage (every page and index, and the full-text index); exit 3 if damaged");
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var problems = ((SqliteWorkspace)workspace).CheckIntegrity();
            if (parse.GetValue(g.Json)) terminal.Json(new { workspace = workspace.Location, ok = problems.Count == 0, problems });
            else if (problems.Count == 0) terminal.Out.MarkupLineInterpolated($"{workspace.Location}: ok");
            else
            {
                terminal.Error($"{workspace.Location} is damaged; restore it from a copy. What the check found:");
                foreach (var problem in problems) terminal.Err.MarkupLineInterpolated($"  {problem}");
            }
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Workspace;
        }));
        return command;
    }
}
