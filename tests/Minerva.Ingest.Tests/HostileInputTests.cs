using System.Diagnostics;
using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>
/// Inputs written by the people under investigation: each case once crashed, hung or read outside its source. Each must
/// now end as counted, quarantined records with a reason, and the run must complete.
/// </summary>
public sealed class HostileInputTests : WorkspaceTest
{
    private const string Jsonl = "source: s\nformat: jsonl\nid: id\nfields:\n  text: body\n  images: images\n";

    private IngestResult Run(string yaml, params string[] inputs) =>
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(yaml, "test.yaml"), inputs);

    private static void AssertAddsUp(IngestResult r) =>
        Assert.Equal(r.Read, r.Ingested + r.Updated + r.Duplicate + r.Quarantined);

    [Theory]
    [InlineData("{\"id\":\"1\",\"body\":\"lone \\ud800 surrogate\"}")] // aborted the whole ingest (InvalidOperationException)
    [InlineData("{\"id\":\"\\udfff\",\"body\":\"x\"}")] // in the id field
    [InlineData("{\"id\":\"1\",\"body\":\"reversed pair \\udc00\\ud800\"}")]
    public void A_lone_surrogate_escape_quarantines_its_record_and_the_run_completes(string line)
    {
        var file = Folder.Write("a.jsonl", $"{{\"id\":\"0\",\"body\":\"before\"}}\n{line}\n{{\"id\":\"2\",\"body\":\"after\"}}\n");
        var result = Run(Jsonl, file);
        Assert.Equal((3, 2, 1), (result.Read, result.Ingested, result.Quarantined));
        var bad = Assert.Single(Workspace.GetQuarantine(5));
        Assert.Equal("line 2", bad.Location);
        Assert.Contains("lone surrogate", bad.Reason);
    }

    [Fact]
    public void A_lone_surrogate_in_a_json_array_quarantines_that_element()
    {
        var file = Folder.Write("a.json", "[{\"id\":\"1\",\"body\":\"ok\"},{\"id\":\"2\",\"body\":\"\\ud800\"}]");
        var result = Run(Jsonl.Replace("jsonl", "json", StringComparison.Ordinal), file);
        Assert.Equal((2, 1, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal("element 2", Workspace.GetQuarantine(5)[0].Location);
    }

    [Fact]
    public void A_connector_pattern_that_times_out_quarantines_the_record_instead_of_aborting_the_run()
    {
        // Catastrophic backtracking: (a+)+$ against many a's and a b runs far past the 1 s timeout.
        var yaml = "source: s\nformat: jsonl\nid: id\nfields:\n  text: { path: body, pattern: \"^((a+)+)$\" }\n";
        var file = Folder.Write("a.jsonl", $"{{\"id\":\"1\",\"body\":\"{new string('a', 40)}b\"}}\n{{\"id\":\"2\",\"body\":\"aaa\"}}\n");
        var result = Run(yaml, file);
        Assert.Equal((2, 1, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Contains("took longer than", Workspace.GetQuarantine(5)[0].Reason);
    }

    [Fact]
    public void Image_references_that_leave_the_source_folder_are_refused_counted_and_never_read()
    {
        var photo = RepoPaths.Sample("citypulse/photos/mia-1.jpg");
        var secret = Directory.CreateDirectory(Folder.File("secret")).FullName;
        File.Copy(photo, Path.Combine(secret, "secret.jpg"));
        var source = Directory.CreateDirectory(Folder.File("source")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "img"));
        File.Copy(photo, Path.Combine(source, "img", "own.jpg"));
        File.CreateSymbolicLink(Path.Combine(source, "img", "link.jpg"), Path.Combine(secret, "secret.jpg"));
        var references = new[]
        {
            "../secret/secret.jpg", "img/../../secret/secret.jpg", Path.Combine(secret, "secret.jpg"), "img/link.jpg",
            "../../../../../../../../etc/passwd", "/etc/hostname",
        };
        var lines = references.Select((r, i) => $"{{\"id\":\"h{i}\",\"body\":\"x\",\"images\":[\"{r}\"]}}").ToList();
        lines.Add("{\"id\":\"ok\",\"body\":\"x\",\"images\":[\"img/own.jpg\",\"//host/x.jpg\",\"file:///etc/passwd\"]}");
        var file = Path.Combine(source, "ads.jsonl");
        File.WriteAllLines(file, lines);

        var result = Run(Jsonl, file);

        AssertAddsUp(result);
        Assert.Equal(new ImageCounts(9, 1, 0, 0, 2, 0, false) { Refused = 6 }, result.Images);
        Assert.Equal(2, result.Images.Remote); // a network path and a file: URL are never read
        var i = result.Images;
        Assert.Equal(i.Referenced, i.Hashed + i.Quarantined + i.Missing + i.Remote + i.NotHashed + i.Refused);
        var refusals = Workspace.GetQuarantine(50).Where(q => q.Location == "image reference").ToList();
        Assert.Equal(4, refusals.Count); // once per path: the first three references name one file
        Assert.All(refusals, q => Assert.Contains("outside the source's folder", q.Reason));
        for (var n = 0; n < references.Length; n++)
            Assert.DoesNotContain(Workspace.GetRecord(RecordKey.Parse($"s:h{n}"))!.Selectors, s => s.Field == RecordField.Attachment);
        Assert.Contains(Workspace.GetRecord(RecordKey.Parse("s:ok"))!.Selectors, s => s.Field == RecordField.Attachment);
    }

    [Fact]
    public void An_allowed_root_lets_references_reach_it()
    {
        var shared = Directory.CreateDirectory(Folder.File("shared-photos")).FullName;
        File.Copy(RepoPaths.Sample("citypulse/photos/mia-1.jpg"), Path.Combine(shared, "a.jpg"));
        var source = Directory.CreateDirectory(Folder.File("source")).FullName;
        var file = Path.Combine(source, "ads.jsonl");
        File.WriteAllText(file, "{\"id\":\"1\",\"body\":\"x\",\"images\":[\"../shared-photos/a.jpg\"]}\n");
        var result = new Ingestor(Workspace) { AllowedRoots = [shared] }.Run(DefinitionLoader.Parse(Jsonl, "t.yaml"), [file]);
        Assert.Equal((0L, 1L), (result.Images.Refused, result.Images.Referenced - result.Images.Missing - result.Images.Refused));
    }

    [Fact]
    public async Task A_fifo_is_never_opened_whether_referenced_named_or_found_in_a_folder()
    {
        var source = Directory.CreateDirectory(Folder.File("source")).FullName;
        MakeFifo(Path.Combine(source, "pipe.jpg"));
        MakeFifo(Path.Combine(source, "pipe.jsonl"));
        File.WriteAllText(Path.Combine(source, "ads.jsonl"), "{\"id\":\"1\",\"body\":\"x\",\"images\":[\"pipe.jpg\"]}\n");
        // Each of these blocked forever in open() before.
        var result = await Task.Run(() => Run(Jsonl, source)).WaitAsync(TimeSpan.FromSeconds(30));
        AssertAddsUp(result);
        Assert.Equal((2, 1, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal(1, result.Images.Refused);
        Assert.Contains(Workspace.GetQuarantine(10), q => q.File.EndsWith("pipe.jsonl", StringComparison.Ordinal) && q.Reason.Contains("pipe", StringComparison.Ordinal));
        var named = await Task.Run(() => Run(Jsonl, Path.Combine(source, "pipe.jsonl"))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, named.Quarantined);
    }

    [Fact]
    public void Folder_inputs_do_not_follow_links_out_of_the_folder_or_into_loops()
    {
        var outside = Directory.CreateDirectory(Folder.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "o.jsonl"), "{\"id\":\"outside\",\"body\":\"x\"}\n");
        var source = Directory.CreateDirectory(Folder.File("source")).FullName;
        File.WriteAllText(Path.Combine(source, "a.jsonl"), "{\"id\":\"inside\",\"body\":\"x\"}\n");
        Directory.CreateSymbolicLink(Path.Combine(source, "out"), outside);
        Directory.CreateSymbolicLink(Path.Combine(source, "loop"), source);
        File.CreateSymbolicLink(Path.Combine(source, "linked.jsonl"), Path.Combine(outside, "o.jsonl"));

        var result = Run(Jsonl, source);

        AssertAddsUp(result);
        Assert.Equal((4, 1, 3), (result.Read, result.Ingested, result.Quarantined));
        Assert.Null(Workspace.GetRecord(RecordKey.Parse("s:outside")));
        var reasons = Workspace.GetQuarantine(10).Select(q => q.Reason).ToList();
        Assert.Equal(2, reasons.Count(r => r.StartsWith("a link to a folder", StringComparison.Ordinal)));
        Assert.Contains(reasons, r => r.Contains("outside the input folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Photos_in_different_folders_or_formats_with_one_name_stay_different_records()
    {
        var photo = RepoPaths.Sample("citypulse/photos/mia-1.jpg");
        var dcim = Folder.File("DCIM");
        foreach (var sub in new[] { "100", "101" })
        {
            Directory.CreateDirectory(Path.Combine(dcim, sub));
            File.Copy(photo, Path.Combine(dcim, sub, "IMG_0001.jpg"));
        }
        File.Copy(RepoPaths.Sample("citypulse/photos/lexi-1.jpg"), Path.Combine(dcim, "IMG_0001.png"));
        var result = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("photos.yaml")), [dcim]);
        Assert.Equal((3, 3), (result.Read, result.Ingested)); // before: read 3, ingested 1, updated 2
        Assert.NotNull(Workspace.GetRecord(RecordKey.Parse("photos:100/IMG_0001.jpg")));
        Assert.NotNull(Workspace.GetRecord(RecordKey.Parse("photos:101/IMG_0001.jpg")));
        Assert.NotNull(Workspace.GetRecord(RecordKey.Parse("photos:IMG_0001.png")));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
