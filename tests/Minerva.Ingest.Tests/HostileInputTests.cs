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

    [Fact]
    public void Bytes_that_are_not_utf8_are_counted_reported_and_kept_in_the_payload()
    {
        // Latin-1 in a file declared UTF-8 was stored as "Jos\uFFFD M\uFFFDller", payload included, and not reported.
        var file = Path.Combine(Folder.Path, "mixed.jsonl");
        File.WriteAllBytes(file, [.. "{\"id\":\"1\",\"body\":\"Jos\u00e9 ok\"}\n"u8, .. System.Text.Encoding.Latin1.GetBytes("{\"id\":\"2\",\"body\":\"Jos\u00e9 M\u00fcller\"}\n")]);
        var result = Run(Jsonl, file);
        Assert.Equal((2, 2, 1L), (result.Read, result.Ingested, result.InvalidUtf8));
        Assert.EndsWith("mixed.jsonl:line 2", result.FirstInvalidUtf8);
        var bad = Workspace.GetRecord(RecordKey.Parse("s:2"))!.Record;
        Assert.Equal("Jos\uFFFD M\uFFFDller", bad.Text);
        Assert.Equal(System.Text.Encoding.Latin1.GetBytes("{\"id\":\"2\",\"body\":\"Jos\u00e9 M\u00fcller\"}"), System.Text.Encoding.Latin1.GetBytes(bad.RawPayload));
        Assert.Equal("Jos\u00e9 ok", Workspace.GetRecord(RecordKey.Parse("s:1"))!.Record.Text);

        using var other = new TempFolder();
        using var auto = other.NewWorkspace();
        var read = new Ingestor(auto).Run(DefinitionLoader.Parse(Jsonl + "encoding: auto\n", "auto.yaml"), [file]);
        Assert.Equal((0L, 1L), (read.InvalidUtf8, read.ReadAsLatin1));
        Assert.Equal("Jos\u00e9 M\u00fcller", auto.GetRecord(RecordKey.Parse("s:2"))!.Record.Text);
        Assert.Equal("Jos\u00e9 ok", auto.GetRecord(RecordKey.Parse("s:1"))!.Record.Text);
    }

    [Fact]
    public void A_csv_row_that_is_not_utf8_keeps_its_original_bytes_in_the_payload_and_its_fields()
    {
        var file = Path.Combine(Folder.Path, "p.csv");
        File.WriteAllBytes(file, [.. "id,name,notes\r\n1,Ana,\"two\r\nlines\"\r\n"u8, .. System.Text.Encoding.Latin1.GetBytes("2,M\u00fcller,\"first\r\nStra\u00dfe\"\r\n")]);
        var result = Run("source: c\nformat: csv\nid: id\nfields:\n  title: name\n  text: notes\n", file);
        Assert.Equal((2, 2, 1L), (result.Read, result.Ingested, result.InvalidUtf8));
        var bad = Workspace.GetRecord(RecordKey.Parse("c:2"))!.Record;
        Assert.Equal(("M\uFFFDller", "first\nStra\uFFFDe"), (bad.Title, bad.Text));
        var payload = System.Text.Json.JsonDocument.Parse(bad.RawPayload).RootElement;
        Assert.Equal("M\u00fcller", payload.GetProperty("name").GetString()); // each byte one Latin-1 character
        Assert.Equal("two\nlines", Workspace.GetRecord(RecordKey.Parse("c:1"))!.Record.Text);
    }

    [Fact]
    public void A_line_or_row_over_the_record_limit_is_quarantined_with_its_size_and_reading_goes_on()
    {
        var huge = new string('x', Readers.RecordLimits.MaxBytes + 1000);
        var jsonl = Folder.Write("big.jsonl", $"{{\"id\":\"1\",\"body\":\"{huge}\"}}\n{{\"id\":\"2\",\"body\":\"after\"}}\n");
        var result = Run(Jsonl, jsonl);
        Assert.Equal((2, 1, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Contains("over the 16 MB limit for one record", Workspace.GetQuarantine(5).Single().Reason);
        Assert.Equal("after", Workspace.GetRecord(RecordKey.Parse("s:2"))!.Record.Text);

        // An unterminated quote read the rest of the file into one field.
        var csv = Folder.Write("open.csv", $"id,notes\n1,ok\n2,\"never closed\n{string.Join('\n', Enumerable.Repeat(new string('y', 1000), 20_000))}\n");
        var rows = Run("source: c\nformat: csv\nid: id\nfields:\n  text: notes\n", csv);
        Assert.Equal((2, 1, 1), (rows.Read, rows.Ingested, rows.Quarantined));
        Assert.Contains(Workspace.GetQuarantine(5), q => q.Reason.Contains("unterminated quote", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_nested_past_the_depth_limit_is_quarantined_before_parsing_and_ordinary_pages_are_not()
    {
        var deep = Folder.Write("deep.html", "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 200_000)) + "call 713 555 0142</body></html>");
        // Thousands of unclosed list items and paragraphs (closed implicitly) and tags inside scripts are ordinary.
        var list = Folder.Write("list.html", "<html><body><ul>" + string.Concat(Enumerable.Repeat("<li><p>item <b>x</b>", 20_000)) +
            "</ul><script>var s = '" + string.Concat(Enumerable.Repeat("<div>", 10_000)) + "';</script></body></html>");
        var yaml = "source: h\nformat: html\nid: { value: page }\nfields:\n  text: body\n";
        var run = Run(yaml, deep);
        Assert.Equal((1, 0, 1), (run.Read, run.Ingested, run.Quarantined));
        Assert.Contains("nested more than 4,096 deep", Workspace.GetQuarantine(5).Single().Reason);
        Assert.Equal(1, Run(yaml, list).Ingested);
    }

    [Fact]
    public void Text_past_the_extraction_budget_is_stored_but_not_read_for_selectors_and_the_run_says_so()
    {
        var filler = new string('x', Minerva.Extraction.SelectorExtractor.MaxFieldChars);
        var file = Folder.Write("long.jsonl", $"{{\"id\":\"1\",\"body\":\"call 713 555 0142 {filler} then 512 555 0177\"}}\n");
        var result = Run(Jsonl + "phone_region: US\n", file);
        Assert.Equal((1, 1L), (result.Ingested, result.ExtractionCapped));
        var stored = Workspace.GetRecord(RecordKey.Parse("s:1"))!;
        Assert.EndsWith("512 555 0177", stored.Record.Text);
        Assert.Equal(["+17135550142"], stored.Selectors.Where(s => s.Kind == SelectorKind.Phone).Select(s => s.Value));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
