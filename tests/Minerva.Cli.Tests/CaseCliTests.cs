using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>case, note and tag on the shared samples, run as a user would.</summary>
public sealed class CaseCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("work.minerva");

    private JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run(["-w", Workspace, "--json", .. args]);
        Assert.True(code == 0, error + output);
        return JsonDocument.Parse(output).RootElement;
    }

    private (int Code, string Out, string Err) Minerva(params string[] args) => Run(["-w", Workspace, .. args]);

    [Fact]
    public void A_case_with_notes_and_tags_survives_re_resolution_and_exports_whole()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Equal(0, Minerva("ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl")).Code);
        Assert.Equal(0, Minerva("resolve").Code);
        var entity = Json("entity", "citypulse:cp-88123").GetProperty("entity").GetString()!;

        Assert.Equal(0, Minerva("case", "open", "Operation Lily", "--description", "the Houston circuit", "--by", "analyst1").Code);
        Assert.Equal(2, Minerva("case", "open", "operation lily").Code); // one name, in any letter case
        var added = Json("case", "add", "Operation Lily", "--entity", entity, "--selector", "phone:+1 713 555 0142", "--record", "citypulse:cp-91000");
        Assert.All(added.EnumerateArray(), a => Assert.True(a.GetProperty("added").GetBoolean()));
        // Markup and script in a note are text: the terminal prints them as written, nothing is interpreted.
        var hostile = "[red]booker[/] <script>alert(1)</script> travels from Łódź";
        Assert.Equal(0, Minerva("note", "add", "--entity", entity, hostile, "--by", "analyst2").Code);
        Assert.Equal(0, Minerva("tag", "add", "minor-suspected", "--entity", entity, "--case", "Operation Lily").Code);
        Assert.Contains(hostile, Minerva("note", "list", "--entity", entity).Out, StringComparison.Ordinal);

        Assert.Equal(0, Minerva("resolve", "--full").Code);
        var shown = Json("case", "show", "operation lily");
        Assert.Equal(["entity", "selector", "record"], shown.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetProperty("kind").GetString()));
        var items = shown.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("phone:+17135550142", items[1].GetProperty("subject").GetProperty("ref").GetString()); // stored as its canonical value
        Assert.All(items, i => Assert.True(i.GetProperty("found").GetBoolean()));
        Assert.Equal([hostile], items[0].GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()));
        Assert.Equal(["minor-suspected"], shown.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var found = Json("note", "find", "LODZ booker");
        Assert.Equal(entity, Assert.Single(found.EnumerateArray()).GetProperty("subject").GetProperty("ref").GetString());
        Assert.Equal(ExitCodes.NotFound, Minerva("note", "find", "warsaw").Code);
        Assert.Equal(2, Json("tag", "list", "minor-suspected").GetArrayLength());

        var json = _folder.File("lily.json");
        var gexf = _folder.File("lily.gexf");
        var export = Minerva("case", "export", "Operation Lily", "--out", json, "--gexf", gexf);
        Assert.True(export.Code == 0, export.Err);
        using var file = JsonDocument.Parse(File.ReadAllText(json));
        var records = file.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?>(Json("entity", "citypulse:cp-88123").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("key").GetString())), records);
        Assert.Contains("citypulse:cp-91000", records);
        Assert.Contains("<gexf", File.ReadAllText(gexf), StringComparison.Ordinal);

        Assert.Equal(0, Minerva("case", "remove", "Operation Lily", "--record", "citypulse:cp-91000").Code);
        Assert.Equal(2, Json("case", "show", "Operation Lily").GetProperty("items").GetArrayLength());
        Assert.Equal(ExitCodes.NotFound, Minerva("case", "show", "nope").Code);
        Assert.Contains("no case 'nope' (there are 'Operation Lily')", Minerva("case", "add", "nope", "--entity", entity).Err, StringComparison.Ordinal);
        Assert.Contains("say what it is about", Minerva("note", "add", "text without a subject").Err, StringComparison.Ordinal);
    }
}
