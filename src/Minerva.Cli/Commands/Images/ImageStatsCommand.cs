using System.CommandLine;
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
            var images = workspace.ScanImages().ToList();
            var reliable = images.Select(i => i.Image.Quality >= ImageHashes.MinimumQuality).ToArray();
            var groups = NearDuplicates.Groups([.. images.Select(i => Hash256.ParseForms(i.Image.Pdq, i.Image.Variants))], i => reliable[i]);
            var reposted = groups.Where(x => x.Count > 1).ToList();
            var stats = new
            {
                images = images.Count,
                records = images.Select(i => i.RecordId).Distinct().Count(),
                distinct_hashes = images.Select(i => i.Image.Pdq).Distinct().Count(),
                unreliable = images.Count(i => i.Image.Quality < ImageHashes.MinimumQuality),
                formats = images.GroupBy(i => i.Image.Format).OrderByDescending(x => x.Count()).ToDictionary(x => x.Key, x => x.Count()),
                photos = groups.Count,
                reposted_photos = reposted.Count,
                images_in_reposts = reposted.Sum(x => x.Count),
                most_reposted = reposted.Count == 0 ? 0 : reposted.Max(x => x.Count),
                records_sharing_a_photo = reposted.SelectMany(x => x.Select(i => images[i].RecordId)).Distinct().Count(),
                quarantined_files = workspace.GetQuarantine(int.MaxValue).Count(q => q.Location == "image"),
            };
            if (parse.GetValue(g.Json))
            {
                terminal.Json(stats);
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            grid.AddRow("[grey]images hashed[/]", $"{stats.images:N0} on {stats.records:N0} records ({stats.distinct_hashes:N0} distinct hashes)");
            grid.AddRow("[grey]formats[/]", string.Join(", ", stats.formats.Select(f => $"{f.Key} {f.Value:N0}")));
            grid.AddRow("[grey]unreliable[/]", $"{stats.unreliable:N0} (PDQ quality < {ImageHashes.MinimumQuality}: flat or tiny; they link nothing)");
            grid.AddRow("[grey]distinct photos[/]", $"{stats.photos:N0} ({stats.reposted_photos:N0} re-posted: {stats.images_in_reposts:N0} images, at most {stats.most_reposted:N0} copies of one)");
            grid.AddRow("[grey]records sharing a photo[/]", $"{stats.records_sharing_a_photo:N0}");
            grid.AddRow("[grey]quarantined files[/]", $"{stats.quarantined_files:N0} (see minerva quarantine)");
            terminal.Out.Write(grid);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
