using System.Text.Json;
using Microsoft.Data.Sqlite;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>audit, audit verify and audit selector on the shared samples, run as a user would.</summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Workspace => _folder.File("work.minerva");

    private (int Code, string Out, string Err) Minerva(params string[] args) => Run(["-w", Workspace, .. args]);

    [Fact]
    public void What_was_searched_and_viewed_is_in_the_trail_hashed_and_an_edit_of_it_is_found()
    {
        Assert.Equal(0, Run("init", Workspace).Code);
        Assert.Equal(0, Minerva("ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl")).Code);
        Assert.Equal(0, Minerva("search", "phone:+17135550142").Code);
        Assert.Equal(0, Minerva("record", "citypulse:cp-88123").Code);

        var (code, output, error) = Minerva("--json", "audit");
        Assert.True(code == 0, error);
        var entries = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["search", "view"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.DoesNotContain("555", output, StringComparison.Ordinal); // the number is in the trail by its keyed hash only
        Assert.Matches("^phone:#[0-9a-f]{16}$", entries[0].GetProperty("detail").GetString()!);
        Assert.Equal("citypulse:cp-88123", entries[1].GetProperty("target").GetString());

        var naming = Minerva("--json", "audit", "selector", "phone:(713) 555-0142", "--region", "us");
        Assert.True(naming.Code == 0, naming.Err);
        Assert.Equal([1], JsonDocument.Parse(naming.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
        Assert.Equal(ExitCodes.NotFound, Minerva("audit", "selector", "email:nobody@example.com").Code);
        Assert.Equal(ExitCodes.Usage, Minerva("audit", "selector", "not a selector").Code);

        var verify = Minerva("audit", "verify");
        Assert.True(verify.Code == 0, verify.Err);
        Assert.Contains("audit trail intact: 2 entries", verify.Out, StringComparison.Ordinal);

        // Someone with the file drops the guard and rewrites what was searched.
        using (var connection = new SqliteConnection($"Data Source={Workspace};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'weather' WHERE seq = 1";
            edit.ExecuteNonQuery();
        }
        var altered = Minerva("audit", "verify");
        Assert.Equal(ExitCodes.Workspace, altered.Code);
        Assert.Contains("was altered: entry 1 was changed after it was written", altered.Err, StringComparison.Ordinal);
    }
}
