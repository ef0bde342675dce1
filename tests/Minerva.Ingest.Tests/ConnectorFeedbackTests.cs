using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>What a newcomer writing a connector is told: a preview of the first records, places that match nothing,
/// and ids a source repeats.</summary>
public sealed class ConnectorFeedbackTests : WorkspaceTest
{
    [Fact]
    public void A_preview_shows_the_first_records_as_they_would_be_stored_and_stores_nothing()
    {
        var items = ConnectorPreview.Run(DefinitionLoader.Load(RepoPaths.Connector("vipdirectory.yaml")), [RepoPaths.Sample("vipdirectory")], 3);
        Assert.Equal(3, items.Count);
        var first = items[0];
        Assert.Equal("vipdirectory:l-501", first.Record!.Key.ToString());
        Assert.Equal(("Amsterdam", "NL"), (first.Record.Location, first.Record.Country));
        Assert.Contains(first.Selectors, s => s.Kind == SelectorKind.Phone && s.Value == "+31612345678" && s.Original == "06 1234 5678");
        Assert.Equal(0, Workspace.GetStats().Records);
        var broken = ConnectorPreview.Run(DefinitionLoader.Load(RepoPaths.Connector("citypulse.yaml")), [RepoPaths.Sample("citypulse/ads.jsonl")], 100);
        Assert.Equal(9, broken.Count);
        Assert.Contains("invalid JSON", Assert.Single(broken, i => i.Record is null).Quarantined);
    }

    [Fact]
    public void A_field_whose_place_matches_nothing_in_the_whole_run_is_reported_not_silently_empty()
    {
        var yaml = File.ReadAllText(RepoPaths.Connector("vipdirectory.yaml")).Replace("span.area", "span.areas", StringComparison.Ordinal);
        var result = new Ingestor(Workspace).Run(DefinitionLoader.Parse(yaml, "vip.yaml"), [RepoPaths.Sample("vipdirectory")]);
        Assert.True(result.Ingested > 0);
        Assert.Contains(result.Unmatched, u => u.StartsWith("field 'location' (line ", StringComparison.Ordinal));
        Assert.Contains(result.Unmatched, u => u.StartsWith("field 'country' (line ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Unmatched, u => u.StartsWith("field 'text'", StringComparison.Ordinal));
        var good = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("citypulse.yaml")), [RepoPaths.Sample("citypulse/ads.jsonl")]);
        Assert.DoesNotContain(good.Unmatched, u => u.StartsWith("field 'location'", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_repeated_within_one_run_are_counted_and_the_earlier_version_is_kept_as_a_revision()
    {
        var file = Folder.File("ads.jsonl");
        File.WriteAllLines(file,
        [
            """{"id": "a1", "body": "first text, call 713 555 0142"}""",
            """{"id": "a2", "body": "another ad"}""",
            """{"id": "a1", "body": "the same id, another text"}""",
        ]);
        var connector = DefinitionLoader.Parse("source: s\nformat: jsonl\nid: { path: id }\nfields:\n  text: { path: body }\nphone_region: US\n", "s.yaml");
        var result = new Ingestor(Workspace).Run(connector, [file]);
        Assert.Equal((3L, 2L, 1L, 1L), (result.Read, result.Ingested, result.Updated, result.RepeatedIds));
        Assert.Equal(result.Read, result.Ingested + result.Updated + result.Duplicate + result.Quarantined);
        Assert.Equal("the same id, another text", Workspace.GetRecord(RecordKey.Parse("s:a1"))!.Record.Text);
        // Ids stored by earlier runs are not repeats: only this run's own.
        File.WriteAllLines(file, ["""{"id": "a1", "body": "a third text"}""", """{"id": "a3", "body": "new"}"""]);
        Assert.Equal(0, new Ingestor(Workspace).Run(connector, [file]).RepeatedIds);
    }
}
