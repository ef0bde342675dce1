using Minerva.Core;
using Minerva.Ingest.Definitions;
using Minerva.Testing;

namespace Minerva.Ingest.Tests;

/// <summary>The shared samples, ingested through the shipped connectors, yield what the samples' README says.</summary>
public sealed class SampleSourceTests : WorkspaceTest
{
    private IngestResult Ingest(string connector, string input) =>
        new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector(connector)), [RepoPaths.Sample(input)]);

    private string[] Holders(SelectorKind kind, string value) =>
        Workspace.FindBySelector(kind, value, 100).Select(r => r.Key.ToString()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Citypulse_links_the_obfuscated_numbers_and_quarantines_the_broken_line()
    {
        var result = Ingest("citypulse.yaml", "citypulse/ads.jsonl");
        Assert.Equal((9, 8, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88190", "citypulse:cp-88411"], Holders(SelectorKind.Phone, "+17135550142"));
        Assert.Equal(["citypulse:cp-88411", "citypulse:cp-90001"], Holders(SelectorKind.Phone, "+15125550177"));
        Assert.Equal(["citypulse:cp-90350", "citypulse:cp-90351"], Holders(SelectorKind.Phone, "+12105550198"));
        Assert.Equal(["citypulse:cp-88123"], Holders(SelectorKind.Handle, "instagram/mia.rose22"));
        Assert.Equal(["citypulse:cp-88190"], Holders(SelectorKind.Email, "miarose22@gmail.com"));
        Assert.Equal(["citypulse:cp-90351"], Holders(SelectorKind.Wallet, "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
        Assert.Equal(["citypulse:cp-91000", "citypulse:cp-91001"], Holders(SelectorKind.Url, "example-spa.test/anna"));
        // The price, age, height, weight and zip code are not phones: each of those ads has exactly one.
        Assert.Single(Workspace.GetRecord(RecordKey.Parse("citypulse:cp-90350"))!.Selectors, s => s.Kind == SelectorKind.Phone);
        Assert.Single(Workspace.GetRecord(RecordKey.Parse("citypulse:cp-91000"))!.Selectors, s => s.Kind == SelectorKind.Phone);
        var bad = Assert.Single(Workspace.GetQuarantine(10));
        Assert.Equal("line 9", bad.Location);
        Assert.Contains("invalid JSON", bad.Reason);
        Assert.Contains("cp-broken", bad.Payload);
        // Images resolve relative to the source file.
        var images = Workspace.GetRecord(RecordKey.Parse("citypulse:cp-88123"))!.Record.Attachments;
        Assert.Equal(Path.GetFullPath(RepoPaths.Sample("citypulse/photos/mia-1.jpg")), images[0]);
    }

    [Fact]
    public void Vipdirectory_reads_each_listing_with_its_country_as_phone_region()
    {
        var result = Ingest("vipdirectory.yaml", "vipdirectory");
        Assert.Equal((6, 5, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal(["vipdirectory:l-501", "vipdirectory:l-503"], Holders(SelectorKind.Phone, "+31612345678"));
        Assert.Equal(["vipdirectory:l-601", "vipdirectory:l-602"], Holders(SelectorKind.Phone, "+4915123456789"));
        var vienna = Workspace.GetRecord(RecordKey.Parse("vipdirectory:l-602"))!.Record;
        Assert.Equal(("Vienna", "AT", "AT"), (vienna.Location, vienna.Country, vienna.PhoneRegion));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1715900000), vienna.ObservedAt);
        Assert.Contains(Workspace.GetQuarantine(10), q => q.Reason.StartsWith("empty file", StringComparison.Ordinal) && q.File.EndsWith("empty.html", StringComparison.Ordinal));
    }

    [Fact]
    public void Profiles_link_to_ads_through_handles_and_phones_but_not_the_look_alike()
    {
        Ingest("citypulse.yaml", "citypulse/ads.jsonl");
        Ingest("profiles.yaml", "profiles.csv");
        Ingest("vipdirectory.yaml", "vipdirectory");
        Assert.Equal(["citypulse:cp-88123", "profiles:instagram/mia.rose22"], Holders(SelectorKind.Handle, "instagram/mia.rose22"));
        Assert.Equal(["citypulse:cp-88411", "profiles:snapchat/miaandlexi"], Holders(SelectorKind.Handle, "snapchat/miaandlexi"));
        Assert.Equal(["profiles:telegram/katya_ams", "vipdirectory:l-501"], Holders(SelectorKind.Handle, "telegram/katya_ams"));
        Assert.Equal(["profiles:telegram/olena_bln", "vipdirectory:l-601"], Holders(SelectorKind.Handle, "telegram/olena_bln"));
        Assert.Contains("profiles:instagram/mia.rose22", Holders(SelectorKind.Phone, "+17135550142"));
        Assert.Equal(["profiles:instagram/miarose_art"], Holders(SelectorKind.Handle, "instagram/miarose_art"));
    }

    [Fact]
    public void Re_ingesting_the_same_input_adds_nothing_and_the_counts_add_up()
    {
        var first = Ingest("citypulse.yaml", "citypulse/ads.jsonl");
        var second = Ingest("citypulse.yaml", "citypulse/ads.jsonl");
        Assert.Equal((0, 8, 1), (second.Ingested, second.Duplicate, second.Quarantined));
        foreach (var r in new[] { first, second })
            Assert.Equal(r.Read, r.Ingested + r.Updated + r.Duplicate + r.Quarantined);
        Assert.Equal(8, Workspace.GetStats().Records);
        Assert.Single(Workspace.GetQuarantine(10));
    }

    [Fact]
    public void An_image_folder_hashes_each_photo_and_quarantines_the_truncated_one()
    {
        var result = Ingest("photos.yaml", "citypulse/photos");
        Assert.Equal((5, 4, 1), (result.Read, result.Ingested, result.Quarantined));
        Assert.Equal((5L, 4L, 1L), (result.Images.Referenced, result.Images.Hashed, result.Images.Quarantined));
        var bad = Assert.Single(Workspace.GetQuarantine(10));
        Assert.EndsWith("corrupt.jpg", bad.File, StringComparison.Ordinal);
        Assert.StartsWith("unreadable jpeg", bad.Reason, StringComparison.Ordinal);
        var mia = Workspace.GetRecord(RecordKey.Parse("photos:mia-1b.jpg"))!;
        Assert.EndsWith("mia-1b.jpg", mia.Record.Attachments[0], StringComparison.Ordinal);
        var hash = Assert.Single(mia.Selectors, s => s.Kind == SelectorKind.ImageHash);
        Assert.Equal((RecordField.Attachment, 0), (hash.Field, hash.Start));
        var stored = Workspace.ScanImages().ToList();
        Assert.Equal(4, stored.Count);
        Assert.All(stored, i => Assert.Equal((7, "jpeg"), (i.Image.Variants.Count, i.Image.Format)));
        Assert.Equal(hash.Value, stored.Single(i => i.Record.NativeId == "mia-1b.jpg").Image.Pdq);
    }

    [Fact]
    public void Ads_hash_the_photos_they_reference_once_each_and_keep_going_past_missing_files()
    {
        var result = Ingest("citypulse.yaml", "citypulse/ads.jsonl");
        // 6 references to 4 files; mia-2 and lexi-1 are each referenced twice and read once.
        Assert.Equal(new ImageCounts(6, 6, 0, 0, 0, 0, false), result.Images);
        Assert.Equal(["citypulse:cp-88123", "citypulse:cp-88411"], Holders(SelectorKind.ImageHash,
            Workspace.ScanImages().First(i => i.Image.Path.EndsWith("mia-2.jpg", StringComparison.Ordinal)).Image.Pdq));
        using var folder = new TempFolder();
        var ads = folder.Write("ads.jsonl", """
            {"id":"x1","posted":"2024-05-01T10:00:00Z","city":"Austin","state":"TX","title":"t","body":"b","images":["gone.jpg","https://example.test/a.jpg"]}
            """);
        var second = new Ingestor(Workspace).Run(DefinitionLoader.Load(RepoPaths.Connector("citypulse.yaml")), [ads]);
        Assert.Equal((1L, 1L), (second.Read, second.Ingested));
        Assert.Equal(new ImageCounts(2, 0, 0, 1, 1, 0, false), second.Images);
    }

    [Fact]
    public void Case_records_without_an_id_column_are_keyed_by_line_and_keep_every_column()
    {
        var result = Ingest("cases.yaml", "cases/victim_perpetrator_toy.csv");
        Assert.Equal((2000, 2000, 0), (result.Read, result.Ingested, result.Quarantined));
        var first = Workspace.GetRecord(RecordKey.Parse("cases:2"))!.Record;
        Assert.Contains("\"IP_Relation\":\"Other\"", first.RawPayload);
        Assert.Contains("\"ageBroad\":\"Child\"", first.RawPayload);
    }

    [Fact]
    public void A_missing_input_is_a_clear_error_naming_it()
    {
        var e = Assert.Throws<InputException>(() => Ingest("citypulse.yaml", "citypulse/nope.jsonl"));
        Assert.Contains("nope.jsonl: no such file or folder", e.Message);
    }
}
