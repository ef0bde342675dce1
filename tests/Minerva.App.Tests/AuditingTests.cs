using Minerva.Core;
using Minerva.Storage;

namespace Minerva.App.Tests;

/// <summary>What the workbench writes to the audit trail, on generated ads resolved into entities: who did what, with the
/// selector values in it hashed.</summary>
public sealed class AuditingTests : ResolvedCorpusTest
{
    [Fact]
    public void A_selector_is_hashed_the_same_however_it_is_written_and_nothing_else_is_touched()
    {
        var audit = new Workbench(Workspace).Audit;
        var hash = audit.HashOf(SelectorKind.Phone, "+17135550142");
        Assert.Matches("^phone:#[0-9a-f]{16}$", hash);
        Assert.Equal($"\"lily\" AND {hash}", audit.Redact("\"lily\" AND phone:+17135550142"));
        Assert.Equal($"\"lily\" AND {hash}", audit.Redact("\"lily\" AND phone:\"+1 (713) 555-0142\""));
        Assert.Equal($"call {hash} tonight", audit.Redact("call 713-555-0142 tonight".Replace("713", "+1 713", StringComparison.Ordinal)));
        var email = audit.Redact("lily at gmail dot com new in town");
        Assert.DoesNotContain("lily", email, StringComparison.Ordinal);
        Assert.EndsWith("new in town", email, StringComparison.Ordinal);
        Assert.Equal("houston incall -outcall ads:88123", audit.Redact("houston incall -outcall ads:88123"));

        // The key is the trail's own: another workspace hashes the same number differently.
        using var other = Folder.NewWorkspace("other.minerva");
        Assert.NotEqual(hash, new Workbench(other).Audit.HashOf(SelectorKind.Phone, "+17135550142"));
    }

    [Fact]
    public void Searches_views_corrections_and_exports_are_audited_with_who_and_no_selector_value()
    {
        var workbench = Resolved(seed: 7);
        var user = new Workbench(Workspace) { Actor = "analyst1" };
        var holder = Workspace.ScanRecords(null, false).First(r => r.Selectors.Any(s => s.Kind == SelectorKind.Phone));
        var phone = holder.Selectors.First(s => s.Kind == SelectorKind.Phone).Value;
        user.Search(new SearchRequest($"phone:{phone}", Source: "ads"));
        user.Record(holder.Record.Key);
        user.Record(new RecordKey("ads", "no-such-ad"));
        var entity = Workspace.EntityOf(holder.Record.Key)!.Value;
        user.Entity(entity);
        var other = Workspace.ScanRecords(null, false).First(r => r.Id != holder.Id).Record.Key;
        user.Mark(holder.Record.Key, other, same: false, "analyst1", $"different women; {phone} is a booker's");
        user.Cases.Open("Lily", "", "analyst1");
        user.Cases.Add("Lily", new Subject(SubjectKind.Record, holder.Record.Key.ToString()), "analyst1");
        Assert.NotNull(user.Cases.Export("Lily"));

        var entries = user.Audit.Entries();
        Assert.Equal(["search", "view", "view", "view", "correction", "export"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("analyst1", e.Actor));
        Assert.All(entries, e => Assert.DoesNotContain(phone, e.Target + e.Detail, StringComparison.Ordinal));
        var hash = user.Audit.HashOf(SelectorKind.Phone, phone);
        Assert.Equal($"{hash} source=ads", entries[0].Detail);
        Assert.Equal((holder.Record.Key.ToString(), ""), (entries[1].Target, entries[1].Detail));
        Assert.Equal("no such record", entries[2].Detail);
        Assert.Equal($"E{entity}", entries[3].Target);
        Assert.Contains(hash, entries[4].Detail, StringComparison.Ordinal);
        Assert.Equal("case Lily", entries[5].Target);
        Assert.Equal([1L, 5], user.Audit.Naming(SelectorKind.Phone, phone).Select(e => e.Seq)); // the search and the correction
        Assert.True(user.Audit.Verify().Intact);
        _ = workbench;
    }
}
