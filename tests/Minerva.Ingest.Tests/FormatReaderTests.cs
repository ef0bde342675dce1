using System.Text;
using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

public sealed class FormatReaderTests : WorkspaceTest
{
    private IngestResult Run(string yaml, string file) =>
        new Ingestor(Workspace).Run(DefinitionLoader.Parse(yaml, "test.yaml"), [file]);

    private SourceRecord Record(string key) => Workspace.GetRecord(RecordKey.Parse(key))!.Record;

    private const string CsvDefinition = "source: people\nformat: csv\nid: id\nphone_region: DE\nfields:\n  title: name\n  text: notes\n";

    [Fact]
    public void Csv_handles_quotes_embedded_delimiters_line_breaks_and_doubled_quotes()
    {
        var file = Folder.Write("p.csv", "id,name,notes\n1,\"Doe, Jane\",\"line one\nline two, \"\"quoted\"\"\"\n2,Olena,Tel. 0151 2345 6789\n");
        var result = Run(CsvDefinition, file);
        Assert.Equal((2, 2), (result.Read, result.Ingested));
        Assert.Equal("Doe, Jane", Record("people:1").Title);
        Assert.Equal("line one\nline two, \"quoted\"", Record("people:1").Text);
        Assert.Contains(Workspace.GetRecord(RecordKey.Parse("people:2"))!.Selectors, s => s.Value == "+4915123456789");
    }

    [Fact]
    public void Csv_reads_a_UTF8_BOM_and_Latin1_and_other_delimiters()
    {
        var bom = Folder.Write("bom.csv", "id,name,notes\n1,Kieślowski,x\n", new UTF8Encoding(true));
        Run(CsvDefinition, bom);
        Assert.Equal("Kieślowski", Record("people:1").Title);
        var latin = Path.Combine(Folder.Path, "latin.csv");
        File.WriteAllBytes(latin, Encoding.Latin1.GetBytes("id;name;notes\n7;Müller;Straße\n"));
        Run("source: latin\nformat: csv\nencoding: latin-1\ncsv: { delimiter: \";\" }\nid: id\nfields:\n  title: name\n  text: notes\n", latin);
        Assert.Equal(("Müller", "Straße"), (Record("latin:7").Title, Record("latin:7").Text));
    }

    [Fact]
    public void A_csv_row_with_the_wrong_field_count_is_quarantined_with_its_line()
    {
        var file = Folder.Write("p.csv", "id,name,notes\n1,a,b\n2,only-two\n3,c,d\n");
        var result = Run(CsvDefinition, file);
        Assert.Equal((3, 2, 1), (result.Read, result.Ingested, result.Quarantined));
        var bad = Assert.Single(Workspace.GetQuarantine(5));
        Assert.Equal("line 3", bad.Location);
        Assert.Contains("expected 3 fields", bad.Reason);
    }

    [Fact]
    public void A_csv_definition_naming_a_missing_column_fails_before_reading()
    {
        var file = Folder.Write("p.csv", "id,fullname\n1,a\n");
        var e = Assert.Throws<InputException>(() => Run(CsvDefinition, file));
        Assert.Contains("no column 'name'", e.Message);
        Assert.Contains("connector line 6", e.Message);
    }

    [Fact]
    public void Json_arrays_stream_objects_and_paths_reach_into_nested_objects_and_arrays()
    {
        var file = Folder.Write("a.json", """
            [ {"ad": {"id": 1, "text": ["first part", "second part"]}, "meta": {"posted": 1715000000, "country": "nl"}, "contacts": [{"phone": "06 1234 5678"}]},
              {"ad": {"id": 2, "text": ["x"]}, "meta": {"posted": 1715000001, "country": "NL"}, "contacts": []},
              42 ]
            """);
        var yaml = "source: j\nformat: json\nid: ad.id\nphone_region: { field: country }\ntime: { format: unix }\nfields:\n  text: ad.text\n  observed_at: meta.posted\n  country: meta.country\nselectors:\n  - kind: phone\n    path: contacts[0].phone\n";
        var result = Run(yaml, file);
        Assert.Equal((3, 2, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal("first part\nsecond part", Record("j:1").Text);
        Assert.Equal("NL", Record("j:1").Country);
        var phone = Assert.Single(Workspace.GetRecord(RecordKey.Parse("j:1"))!.Selectors);
        Assert.Equal(("+31612345678", RecordField.Explicit), (phone.Value, phone.Field));
        Assert.Contains("expected a JSON object", Workspace.GetQuarantine(5)[0].Reason);
    }

    [Fact]
    public void A_record_without_an_id_or_with_a_bad_time_is_quarantined_and_the_run_goes_on()
    {
        var file = Folder.Write("a.jsonl", "{\"id\":\"1\",\"t\":\"2024-05-02T21:14:00Z\"}\n{\"t\":\"2024-05-02\"}\n{\"id\":\"3\",\"t\":\"yesterday\"}\n\n{\"id\":\"4\"}\n");
        var result = Run("source: s\nformat: jsonl\nid: id\nfields:\n  observed_at: t\n", file);
        Assert.Equal((4, 2, 2), (result.Read, result.Ingested, result.Quarantined));
        var reasons = Workspace.GetQuarantine(5).Select(q => (q.Location, q.Reason)).OrderBy(q => q.Location).ToList();
        Assert.Equal("line 2", reasons[0].Location);
        Assert.Contains("no value for the id", reasons[0].Reason);
        Assert.Equal("line 3", reasons[1].Location);
        Assert.Contains("'yesterday' is not a iso8601 time", reasons[1].Reason);
    }

    [Fact]
    public void A_changed_record_is_updated_and_its_old_version_kept()
    {
        Run("source: s\nformat: jsonl\nid: id\nfields:\n  text: t\n", Folder.Write("v1.jsonl", "{\"id\":\"1\",\"t\":\"call 713 555 0142\"}\n"));
        var result = Run("source: s\nformat: jsonl\nid: id\nfields:\n  text: t\n", Folder.Write("v2.jsonl", "{\"id\":\"1\",\"t\":\"now 512 555 0177\"}\n"));
        Assert.Equal(1, result.Updated);
        var stored = Workspace.GetRecord(RecordKey.Parse("s:1"))!;
        Assert.Equal(1, stored.Revisions);
        Assert.Empty(stored.Selectors); // no phone region: national numbers are not read
    }
}
