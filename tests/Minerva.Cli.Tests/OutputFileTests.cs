using Minerva.Testing;

namespace Minerva.Cli.Tests;

public sealed class OutputFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_files_and_no_partial_or_temporary_one()
    {
        var edges = _folder.Write("g.csv", "old edges");
        var nodes = _folder.File("g.nodes.csv");
        Assert.Throws<InvalidOperationException>(() => OutputFile.WriteAll([edges, nodes], streams =>
        {
            streams[0].Write("new, half written"u8);
            throw new InvalidOperationException("an invalid character in record text"); // what GraphML once threw midway
        }));
        Assert.Equal("old edges", File.ReadAllText(edges));
        Assert.False(File.Exists(nodes));
        Assert.Equal(["g.csv"], Directory.EnumerateFiles(_folder.Path).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void A_completed_write_replaces_every_file()
    {
        var a = _folder.Write("a.gexf", "old");
        OutputFile.WriteAll([a, _folder.File("b.csv")], streams =>
        {
            streams[0].Write("new a"u8);
            streams[1].Write("new b"u8);
        });
        Assert.Equal(("new a", "new b"), (File.ReadAllText(a), File.ReadAllText(_folder.File("b.csv"))));
        Assert.Equal(2, Directory.EnumerateFiles(_folder.Path).Count());
    }
}
