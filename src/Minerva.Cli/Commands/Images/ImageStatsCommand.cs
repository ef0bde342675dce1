using System.CommandLine;
using Minerva.App;
using Minerva.Images;
using Spectre.Console;

namespace Minerva.Cli.Commands.Images;

/// <summary><c>minerva images stats</c>: what the workspace's images are and how much they re-occur.</summary>
internal static class ImageStatsCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("stats", "Images hashed, formats, quality, and how many are re-posts of one another (within 31 bits)");
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var stats = new Workbench(workspace).Photos.Stats();
            if (parse.GetValue(g.Json))
            {
                terminal.Json(stats);
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            grid.AddRow("[grey]images hashed[/]", $"{stats.Images:N0} on {stats.Records:N0} records ({stats.DistinctHashes:N0} distinct hashes)");
            grid.AddRow("[grey]formats[/]", string.Join(", ", stats.Formats.Select(f => $"{f.Key} {f.Value:N0}")));
            grid.AddRow("[grey]unreliable[/]", $"{stats.Unreliable:N0} (PDQ quality < {ImageHashes.MinimumQuality}: flat or tiny; they link nothing)");
            grid.AddRow("[grey]distinct photos[/]", $"{stats.Photos:N0} ({stats.RepostedPhotos:N0} re-posted: {stats.ImagesInReposts:N0} images, at most {stats.MostReposted:N0} copies of one)");
            grid.AddRow("[grey]records sharing a photo[/]", $"{stats.RecordsSharingAPhoto:N0}");
            grid.AddRow("[grey]quarantined files[/]", $"{stats.QuarantinedFiles:N0} (see minerva quarantine)");
            terminal.Out.Write(grid);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
