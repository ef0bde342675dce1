using System.CommandLine;
using Spectre.Console;
using Minerva.Search;
using Minerva.Storage.Sqlite;

namespace Minerva.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var path = new Argument<string>("path") { Description = "The workspace file to create (one investigation = one file)" };
        var testOnly = new Option<bool>("--test-only") { Description = "Mark the workspace for tests: its releases may use --test-seed (reproducible, NOT private noise); never for real data" };
        var command = new Command("init", "Create a new, empty workspace file") { path, testOnly };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = SqliteWorkspace.Create(parse.GetValue(path)!, parse.GetValue(testOnly));
            // An index folder left by a workspace deleted from this path holds that workspace's text: building this one's
            // index in it (another identity) empties it.
            var folder = RecordIndex.FolderOf(workspace.Location);
            var leftover = Directory.Exists(folder);
            using (WorkspaceLocator.OpenIndex(workspace, terminal)) { }
            var stats = workspace.GetStats();
            if (parse.GetValue(g.Json)) terminal.Json(new { workspace = workspace.Location, index = folder, schema_version = stats.SchemaVersion });
            else
            {
                terminal.Out.MarkupLineInterpolated($"Created workspace [bold]{workspace.Location}[/] (schema {stats.SchemaVersion}), its search index in {folder}.");
                if (leftover) terminal.Warning($"{folder} held the search index of an earlier workspace at this path; it was emptied.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
