using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary><c>minerva images …</c> on the PDQ vectors and the sample photos.</summary>
public sealed class ImagesCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Hash_prints_the_reference_line_format_and_names_unreadable_files()
    {
        var (code, output, error) = Run("images", "hash", RepoPaths.Pdq("misc/wee.jpg"), RepoPaths.Sample("citypulse/photos/corrupt.jpg"));
        Assert.Equal(ExitCodes.Input, code); // the good file is still printed, but a script must not take this for a whole result
        Assert.Equal($"6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d,100,{RepoPaths.Pdq("misc/wee.jpg")}", output.Trim());
        Assert.Contains("corrupt.jpg:unreadablejpeg", string.Concat(error.Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal(4, Run("images", "hash", RepoPaths.Sample("citypulse/photos/corrupt.jpg")).Code);
        var json = JsonDocument.Parse(Run("images", "hash", "--json", "--dihedral", RepoPaths.Pdq("misc/wee.jpg")).Out).RootElement[0];
        Assert.Equal(7, json.GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public void Similar_finds_the_workspace_images_of_a_photo_and_stats_count_reposts()
    {
        var workspace = _folder.File("case.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("photos.yaml"), RepoPaths.Pdq("bridge-mods")).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("photos.yaml"), RepoPaths.Pdq("labelme-subset")).Code);
        var (code, output, _) = Run("-w", workspace, "--json", "images", "similar", RepoPaths.Pdq("dih/bridge-6-flipy.jpg"));
        Assert.Equal(0, code);
        var matches = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        // All twelve edits of the bridge, found through the mirrored form; none of the unrelated photos.
        Assert.Equal(12, matches.Count);
        Assert.All(matches, m => Assert.StartsWith("photos:", m.GetProperty("record").GetString(), StringComparison.Ordinal));
        Assert.All(matches, m => Assert.Equal("FlipY", m.GetProperty("form").GetString()));
        Assert.Equal(1, Run("-w", workspace, "images", "similar", "--no-flips", RepoPaths.Pdq("dih/bridge-6-flipy.jpg")).Code);
        var stats = JsonDocument.Parse(Run("-w", workspace, "--json", "images", "stats").Out).RootElement;
        Assert.Equal(19, stats.GetProperty("images").GetInt32());
        Assert.Equal(2, stats.GetProperty("unreliable").GetInt32());
        Assert.Equal(12, stats.GetProperty("most_reposted").GetInt32());
        Assert.Equal(2, Run("-w", workspace, "images", "similar", "nosuch:record").Code);
    }

    /// <summary>The README's example: the default radius finds the re-cropped re-post (56 bits), PDQ's strict one does not.</summary>
    [Fact]
    public void Similar_finds_a_recropped_repost_at_its_default_radius()
    {
        var workspace = _folder.File("ads.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "ingest", "-c", RepoPaths.Connector("citypulse.yaml"), RepoPaths.Sample("citypulse/ads.jsonl")).Code);
        var photo = RepoPaths.Sample("citypulse/photos/mia-1.jpg");
        var found = JsonDocument.Parse(Run("-w", workspace, "--json", "images", "similar", photo).Out).RootElement.EnumerateArray()
            .Select(m => (m.GetProperty("record").GetString(), m.GetProperty("distance").GetInt32())).ToList();
        Assert.Contains(("citypulse:cp-88190", 56), found);
        Assert.Single(JsonDocument.Parse(Run("-w", workspace, "--json", "images", "similar", "--radius", "31", photo).Out).RootElement.EnumerateArray());
        Assert.Contains("matched as (blank: as posted)", Run("-w", workspace, "images", "similar", photo).Out);
    }
}
