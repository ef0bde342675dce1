using Minerva.Core;
using Minerva.Generator;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Evaluation;
using Minerva.Resolve.Rules;
using Minerva.Storage.Sqlite;
using Minerva.Testing;
using Xunit.Abstractions;

namespace Minerva.Resolve.Tests;

/// <summary>
/// Photos as the link that survives a phone change: the generated networks rotate phones and post re-cropped,
/// shrunk, sometimes mirrored re-posts of their originals. The same corpus is resolved with its photos and
/// with the photo files absent. Pairs of one network's ads that show re-posts of the same original but share no
/// phone, email, handle or wallet are the pairs only a photo links directly.
/// </summary>
public sealed class PhotoLinkTests(ITestOutputHelper output) : WorkspaceTest
{
    private const int Seed = 20261123;

    [Fact]
    public void Photos_link_ads_of_one_network_that_share_no_other_selector_without_false_merges()
    {
        var options = new CorpusOptions(Ads: 1200, Seed: Seed, Photos: true);
        var written = CorpusGenerator.Write(Folder.Path, options);
        var adsOnly = Directory.CreateDirectory(Folder.File("without-photos")).FullName;
        File.Copy(Folder.File("ads.jsonl"), Path.Combine(adsOnly, "ads.jsonl"));
        using var without = Folder.NewWorkspace("without.minerva");

        var withPhotos = Resolve(Workspace, Folder.File("ads.jsonl"));
        Assert.Equal((written.Photos, written.Photos), (withPhotos.Images.Referenced, withPhotos.Images.Hashed));
        var noPhotos = Resolve(without, Path.Combine(adsOnly, "ads.jsonl"));
        Assert.Equal(written.Photos, noPhotos.Images.Missing);
        var cameras = CorpusGenerator.Ads(options).SelectMany(a => a.Planted.Where(p => p.Kind == "camera").Select(p => (a.RecordKey, p.Value))).ToList();
        Assert.NotEmpty(cameras);
        Assert.All(cameras, c => Assert.Contains(Workspace.GetRecord(RecordKey.Parse(c.RecordKey))!.Selectors,
            s => s.Kind == SelectorKind.CameraSerial && s.Value == c.Value));

        var truth = Evaluator.ReadTruth(Folder.File("truth.csv")).Where(t => t.Key.StartsWith("gen:", StringComparison.Ordinal)).ToDictionary();
        var originals = CorpusGenerator.Ads(options).ToDictionary(a => a.RecordKey, a => a.Photos.Select(p => p.Original).ToHashSet());
        var unlinked = PairsSharingNoSelector(truth).Where(p => originals[p.A].Overlaps(originals[p.B])).ToList();
        var (entitiesWith, entitiesWithout) = (Entities(Workspace), Entities(without));
        double Recall(Dictionary<string, long> entities) => unlinked.Count(p => entities[p.A] == entities[p.B]) / (double)unlinked.Count;
        var (recallWith, recallWithout) = (Recall(entitiesWith), Recall(entitiesWithout));
        var precision = Evaluator.Evaluate(truth, entitiesWith.ToDictionary(e => e.Key, e => $"E{e.Value}")).BCubed.Precision;
        output.WriteLine($"{unlinked.Count} same-network pairs share a photo and no selector: {recallWithout:P1} resolved without photos, {recallWith:P1} with; B-cubed precision with photos {precision:0.0000}");

        // Ads with no contact at all, tied to their network only by a re-post of one of its photos.
        var photoOnly = CorpusGenerator.Ads(options).Where(a => a.Planted.All(p => p.Kind == "camera") && truth.Count(t => t.Value == $"c{a.Cluster}") > 1)
            .Select(a => a.RecordKey).ToList();
        var joined = photoOnly.Count(k => entitiesWith.Any(e => e.Key != k && e.Value == entitiesWith[k] && truth[e.Key] == truth[k]));
        output.WriteLine($"{photoOnly.Count} photo-only ads, {joined} joined their network");
        Assert.True(photoOnly.Count >= 20, $"only {photoOnly.Count} photo-only ads");
        Assert.True(joined >= 0.9 * photoOnly.Count, $"{joined} of {photoOnly.Count} photo-only ads joined their network");

        Assert.True(unlinked.Count > 150, $"only {unlinked.Count} pairs to measure");
        Assert.True(recallWith >= 0.9, $"recall with photos {recallWith:P1}");
        Assert.True(recallWith >= recallWithout + 0.15, $"photos add too little: {recallWithout:P1} → {recallWith:P1}");
        Assert.True(precision >= 0.98, $"B-cubed precision with photos {precision:0.0000}");
    }

    private static IngestResult Resolve(SqliteWorkspace workspace, string ads)
    {
        var result = new Ingestor(workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("generated-ads.yaml")), [ads]);
        new Resolver(workspace, RuleLoader.Load("ads")).Run();
        return result;
    }

    private static Dictionary<string, long> Entities(SqliteWorkspace workspace) =>
        workspace.ExportMemberships().ToDictionary(m => m.Record.ToString(), m => m.Entity);

    /// <summary>Pairs of ads of one planted network with no planted phone, email, handle or wallet in common (hubs aside).</summary>
    private List<(string A, string B)> PairsSharingNoSelector(Dictionary<string, string> truth)
    {
        var planted = File.ReadLines(Folder.File("selectors.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[3] == "0" && p[1] != "camera")
            .ToLookup(p => p[0], p => (p[1], p[2]));
        return [.. truth.GroupBy(t => t.Value, t => t.Key)
            .SelectMany(network => network.SelectMany((a, i) => network.Skip(i + 1).Select(b => (A: a, B: b))))
            .Where(p => !planted[p.A].Intersect(planted[p.B]).Any())];
    }
}
