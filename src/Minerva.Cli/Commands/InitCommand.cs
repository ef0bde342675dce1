using System.CommandLine;
using Spectre.Console;
using Minerva.Storage.Sqlite;

namespace Minerva.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var path = new Argument<string>("path") { Description = "The workspace file to create (one investigation = one file)" };
        var command = new Command("init", "Create a new, empty workspace file") { path };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = SqliteWorkspace.Create(parse.GetValue(path)!);
            var stats = workspace.GetStats();
            if (parse.GetValue(g.Json)) terminal.Json(new { workspace = workspace.Location, schema_version = stats.SchemaVersion });
            else terminal.Out.MarkupLineInterpolated($"Created workspace [bold]{workspace.Location}[/] (schema {stats.SchemaVersion}).");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
