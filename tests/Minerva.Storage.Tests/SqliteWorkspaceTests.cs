using Microsoft.Data.Sqlite;
using Minerva.Storage.Sqlite;
using Minerva.Testing;

namespace Minerva.Storage.Tests;

public sealed class SqliteWorkspaceContractTests : WorkspaceContract
{
    protected override IWorkspace Create(TempFolder folder) => folder.NewWorkspace();
}

public class SqliteWorkspaceTests
{
    [Fact]
    public void A_new_workspace_uses_WAL_and_the_latest_schema()
    {
        using var folder = new TempFolder();
        using (var workspace = folder.NewWorkspace()) Assert.Equal(4, workspace.GetStats().SchemaVersion); // 4: images
        using var connection = new SqliteConnection($"Data Source={folder.File("test.minerva")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Creating_over_an_existing_file_is_refused()
    {
        using var folder = new TempFolder();
        var path = folder.Write("exists.minerva", "x");
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Create(path));
        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public void A_file_from_a_newer_Minerva_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        folder.NewWorkspace().Dispose();
        using (var connection = new SqliteConnection($"Data Source={folder.File("test.minerva")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(folder.File("test.minerva")));
        Assert.Contains("schema version 99", e.Message);
        Assert.Contains("Upgrade Minerva", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_workspace_is_refused()
    {
        using var folder = new TempFolder();
        var other = folder.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x)";
            command.ExecuteNonQuery();
        }
        Assert.Contains("not a Minerva workspace", Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(other)).Message);
        var text = folder.Write("notes.txt", "plain text, not SQLite at all, long enough to have a header........");
        Assert.Contains("not a Minerva workspace", Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(text)).Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_create_one()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<WorkspaceException>(() => SqliteWorkspace.Open(folder.File("none.minerva")));
        Assert.Contains("minerva init", e.Message);
    }
}
