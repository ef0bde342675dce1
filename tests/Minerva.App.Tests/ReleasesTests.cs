using Minerva.App.Releasing;
using Minerva.Privacy.Synthesis;
using Minerva.Testing;

namespace Minerva.App.Tests;

/// <summary>The data owner's use cases on generated cases, called as the command line and a web front-end would call them.</summary>
public sealed class ReleasesTests : WorkspaceTest
{
    private const string Columns = "gender,ageBroad,UN_COO_Region,isSexualExploit";

    private Workbench Cases(int rows = 2000)
    {
        Generator.CaseGenerator.Write(Folder.File("cases.csv"), rows, 5, []);
        var workbench = new Workbench(Workspace);
        var report = workbench.Ingest(new IngestRequest(Workbench.Connector("cases"), [Folder.File("cases.csv")], []));
        Assert.Equal(rows, report.Result.Ingested);
        _opened = workbench;
        return workbench;
    }

    private Workbench? _opened;

    /// <inheritdoc/>
    protected override void Closing() => _opened?.Dispose();

    private ReleaseOptions Options(string folder, double epsilon = 1) =>
        new(epsilon, 1e-6, 2, folder, "cases", Columns, ReleaseOptions.DefaultVictimColumn, 2, 10, Fabrication.Balanced, [], false, null);

    [Fact]
    public void A_release_spends_what_it_says_writes_its_files_and_leaves_the_rest_of_the_budget()
    {
        var workbench = Cases();
        workbench.Releases.SetBudget("cases", 2, 1e-6, raise: false, reason: null);
        var result = workbench.Releases.Release(Options(Folder.File("r1")));
        Assert.Equal(["aggregates.csv", "manifest.json", "synthetic.csv"], Directory.GetFiles(result.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("victim", result.Unit);
        Assert.InRange(result.SyntheticRecords, 1500, 2500); // noisy, near the 2,000 victims
        var ledger = workbench.Ledger("cases");
        Assert.Equal(result.Rho, ledger.SpentRho, 12);
        Assert.Equal(ledger.TotalRho!.Value - result.Rho, result.RemainingRho, 12);
        Assert.Equal("written", ledger.Releases.Single().Status);
        Assert.False(result.ReportFolder.StartsWith(result.Folder, StringComparison.Ordinal)); // the owner's report is never in the release
    }

    [Fact]
    public void A_release_that_cannot_be_written_or_afforded_is_refused_before_anything_is_spent()
    {
        var workbench = Cases(500);
        Assert.Contains("no privacy budget", Assert.Throws<BadRequestException>(() => workbench.Releases.Release(Options(Folder.File("r0")))).Message);
        workbench.Releases.SetBudget("cases", 0.5, 1e-6, raise: false, reason: null);
        File.WriteAllText(Folder.File("taken"), "a file");
        Assert.Contains("is a file", Assert.Throws<BadRequestException>(() => workbench.Releases.Release(Options(Folder.File("taken")))).Message);
        Assert.Contains("refused before any noise", Assert.Throws<BadRequestException>(() => workbench.Releases.Release(Options(Folder.File("r1"), epsilon: 1))).Message);
        Assert.Empty(workbench.Ledger("cases").Releases);
        Assert.False(Directory.Exists(Folder.File("r1")));
    }

    [Fact]
    public void A_budget_cannot_be_raised_without_a_reason_nor_set_below_what_was_spent()
    {
        var workbench = Cases(500);
        workbench.Releases.SetBudget("cases", 2, 1e-6, raise: false, reason: null);
        workbench.Releases.Release(Options(Folder.File("r1")));
        Assert.Contains("needs --raise and --reason", Assert.Throws<BadRequestException>(() => workbench.Releases.SetBudget("cases", 4, 1e-6, raise: true, reason: " ")).Message);
        Assert.Contains("cannot be set below", Assert.Throws<BadRequestException>(() => workbench.Releases.SetBudget("cases", 0.1, 1e-6, raise: false, reason: null)).Message);
        workbench.Releases.SetBudget("cases", 4, 1e-6, raise: true, reason: "second release agreed with the owner");
        Assert.Equal(["set", "second release agreed with the owner"], workbench.Ledger("cases").Changes.Select(c => c.Reason));
    }

    [Fact]
    public void A_folder_another_release_is_writing_into_is_refused()
    {
        var folder = Folder.File("shared");
        using (ReleaseFolders.Claim(folder))
        {
            var e = Assert.Throws<BadRequestException>(() => ReleaseFolders.Claim(folder));
            Assert.Contains("another release is writing", e.Message);
        }
        Assert.False(Directory.Exists(folder)); // the claim made the folder, nothing was written: nothing is left behind
    }
}
