using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Explain;
using Minerva.Resolve.Rules;
using Minerva.Testing;

namespace Minerva.Resolve.Tests;

/// <summary>Photos as evidence: near-duplicate blocking (full and incremental) and the Hamming comparison levels.</summary>
public sealed class ImageResolutionTests : WorkspaceTest
{
    private IngestResult IngestPhotos(string folder) =>
        new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("photos.yaml")), [RepoPaths.Pdq(folder)]);

    /// <summary>A photo's record: photos.yaml keys by the path inside the folder (these are all JPEGs at its top).</summary>
    private static RecordKey Photo(string name) => new("photos", name + ".jpg");

    [Fact]
    public void Edited_copies_of_a_photo_are_candidates_at_their_hamming_level_and_unrelated_photos_are_not()
    {
        IngestPhotos("bridge-mods");
        IngestPhotos("labelme-subset");
        var report = new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        // The 12 edits of the bridge pairwise (66): one pair hashes identically (found through the shared value), the
        // other 65 are near; no unrelated photo is near anything.
        var shared = report.Blockers.Single(b => b.Blocker == "shared imagehash").Pairs;
        var near = report.Blockers.Single(b => b.Blocker.StartsWith("near images", StringComparison.Ordinal)).Pairs;
        Assert.Equal((1, 65), (shared, near));
        var explainer = new PairExplainer(Workspace);
        string Level(string a, string b) => explainer.Explain(Photo(a), Photo(b)).Comparisons.Single(c => c.Name == "image").Level;
        Assert.Equal("<=31 bits", Level("aaa-orig", "blur-a-little"));
        Assert.Equal("<=31 bits", Level("aaa-orig", "shrink-a-lot"));
        Assert.Equal("different", Level("aaa-orig", "q0122"));
    }

    [Fact]
    public void An_incremental_run_finds_stored_photos_that_new_mirrored_copies_resemble()
    {
        IngestPhotos("bridge-mods");
        new Resolver(Workspace, RuleLoader.Load("ads")).Run();
        IngestPhotos("dih");
        var report = new Resolver(Workspace, RuleLoader.Load("ads")).Resolve();
        Assert.Equal("incremental", report.Mode);
        Assert.Equal(8, report.NewRecords);
        // Each of the 8 orientations is near all 12 stored edits, through its matching flip (the stored records are
        // found through the workspace, not loaded wholesale), and the 8 are near each other.
        Assert.Equal(8 * 12 + 28, report.Candidates);
        var level = new PairExplainer(Workspace).Explain(Photo("bridge-6-flipy"), Photo("aaa-orig")).Comparisons.Single(c => c.Name == "image").Level;
        Assert.Equal("<=31 bits", level);
    }
}
