using System.CommandLine;
using Spectre.Console;
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
            var stats = workspace.GetStats();
            if (parse.GetValue(g.Json)) terminal.Json(new { workspace = workspace.Location, schema_version = stats.SchemaVersion });
            else terminal.Out.MarkupLineInterpolated($"Created workspace [bold]{workspace.Location}[/] (schema {stats.SchemaVersion}).");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
