using System.CommandLine;
using Minerva.App;
using Minerva.Core;
using Minerva.Images;
using Minerva.Vips;
using Spectre.Console;

namespace Minerva.Cli.Commands.Images;

/// <summary><c>minerva images hash|similar|stats</c>: PDQ hashes of files, near-duplicate search, what the workspace holds.</summary>
internal static class ImagesCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("images", "Perceptual image hashes (PDQ): hash files, find re-posted photos, image statistics");
        command.Subcommands.Add(Hash(terminal, g));
        command.Subcommands.Add(Similar(terminal, g));
        command.Subcommands.Add(ImageStatsCommand.Create(terminal, g));
        return command;
    }

    private static Command Hash(Terminal terminal, GlobalOptions g)
    {
        var files = new Argument<string[]>("files") { Description = "Image files (JPEG, PNG, WebP, GIF)", Arity = ArgumentArity.OneOrMore };
        var flips = new Option<bool>("--dihedral") { Description = "Also print the hashes of the seven rotations and flips" };
        var command = new Command("hash", "Print hash,quality,file for each image (PDQ hex as the reference prints it; quality < 50 is unreliable); no workspace needed") { files, flips };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var paths = parse.GetValue(files)!;
            var results = new (string File, ImageHashes? Hashes, string? Error)[paths.Length];
            Parallel.For(0, paths.Length, i =>
            {
                try
                {
                    results[i] = (paths[i], ImageHasher.Hash(paths[i]), null);
                }
                catch (ImageRejectedException e)
                {
                    results[i] = (paths[i], null, e.Message);
                }
            });
            if (parse.GetValue(g.Json))
            {
                terminal.Json(results.Select(r => new
                {
                    file = r.File, pdq = r.Hashes?.Pdq.Hash.ToString(), quality = r.Hashes?.Pdq.Quality, format = r.Hashes?.Format,
                    width = r.Hashes?.Width, height = r.Hashes?.Height, error = r.Error,
                    variants = parse.GetValue(flips) ? r.Hashes?.Variants.Select(v => v.ToString()) : null,
                }));
            }
            else
            {
                // The reference tool's line format, hash,quality,file — one line per hash, easy to diff and grep.
                foreach (var (file, hashes, error) in results)
                {
                    if (hashes is null)
                    {
                        terminal.Error($"{file}: {error}");
                        continue;
                    }
                    var forms = parse.GetValue(flips) ? hashes.AllForms : [hashes.Pdq.Hash];
                    foreach (var form in forms) terminal.OutWriter.WriteLine($"{form},{hashes.Pdq.Quality},{file}");
                }
            }
            // Any file that is not a readable image fails the command (each is named on standard error): a script hashing
            // a folder must not take a partial result for a whole one.
            return results.Any(r => r.Error is not null) ? ExitCodes.Input : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Similar(Terminal terminal, GlobalOptions g)
    {
        var targetArgument = new Argument<string>("file-or-record") { Description = "An image file, or a record key whose images to look for" };
        var radius = new Option<int>("--radius") {
            Description = $"Largest Hamming distance of 256 bits that counts as the same photo ({NearDuplicates.DefaultRadius}: PDQ's strict match; the default also finds re-crops)",
            DefaultValueFactory = _ => NearDuplicates.RepostRadius,
        };
        var noFlips = new Option<bool>("--no-flips") { Description = "Do not look for rotated or mirrored copies" };
        var limit = new Option<int>("--limit", "-n") { Description = "Most matches to list", DefaultValueFactory = _ => 50 };
        limit.AtLeast(1);
        var command = new Command("similar", "Find the workspace's images that are the same photo, re-cropped, re-compressed or mirrored") { targetArgument, radius, noFlips, limit };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var r = parse.GetValue(radius);
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var photos = new Workbench(workspace).Photos;
            var target = parse.GetValue(targetArgument)!;
            var query = File.Exists(target) ? Photos.QueryOfFile(target)
                : RecordKey.TryParse(target, out var key) ? photos.QueryOfRecord(key)
                : throw new UsageException($"'{target}' is neither an image file nor a record key (<source>:<id>)");
            var (rows, compared) = photos.Similar(query, r, !parse.GetValue(noFlips), parse.GetValue(limit));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(rows.Select(x => new
                {
                    query = x.Query, distance = x.Distance, form = x.Form.ToString(), record = x.Image.Record.ToString(),
                    image = x.Image.Image.Path, pdq = x.Image.Image.Pdq, quality = x.Image.Image.Quality,
                }));
            }
            else
            {
                var table = new Table().Title($"{rows.Count} matching images within {r} bits, of {compared:N0}")
                    .AddColumns("distance", "matched as (blank: as posted)", "record", "image", "query");
                foreach (var (name, distance, form, s) in rows)
                    table.AddRow($"{distance}", form == DihedralForm.Original ? "" : form.ToString(), Markup.Escape(s.Record.ToString()),
                        Markup.Escape(Path.GetFileName(s.Image.Path)), Markup.Escape(name));
                terminal.Out.Write(table);
            }
            return rows.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        return command;
    }
}
