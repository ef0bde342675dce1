namespace Minerva.Storage.Contracts;

/// <summary>What every backend's privacy ledger must do (<see cref="IPrivacyLedger"/>), including refusing releases once
/// its tables were edited behind its back. Each backend's test class derives from this, with a new, empty ledger per test.</summary>
public abstract class PrivacyLedgerContract
{
    /// <summary>The ledger under test.</summary>
    protected abstract IPrivacyLedger Ledger { get; }

    /// <summary>Runs SQL on the ledger's tables behind its back (past its guards, as someone with the file or the owner's
    /// role could), seeing only the ledger under test.</summary>
    protected abstract void Tamper(string sql);

    [Fact]
    public void Spends_are_recorded_atomically_and_what_the_check_refuses_is_not_spent()
    {
        Assert.Null(Ledger.GetBudget("cases"));
        Ledger.SetBudget(new PrivacyBudget("cases", 2, 1e-6, DateTimeOffset.UtcNow), "first");
        Assert.Equal(2, Ledger.GetBudget("cases")!.Epsilon);
        var first = Ledger.TrySpend("cases", 0.05, 1e-8, "release 1", (spent, _) => spent + 0.05 <= 0.08)!;
        Assert.Equal("spent", first.Status);
        Assert.NotNull(first.ChainHash);
        Assert.Null(Ledger.TrySpend("cases", 0.05, 0, "release 2", (spent, _) => spent + 0.05 <= 0.08)); // would overspend ρ
        Assert.Null(Ledger.TrySpend("cases", 0.01, 1e-8, "release 2", (_, delta) => delta + 1e-8 <= 1.5e-8)); // would overspend δ
        Ledger.MarkWritten(first.Id, "abc123");
        var spends = Ledger.GetSpends("cases");
        Assert.Equal(("written", "abc123", 0.05, 1e-8, "release 1"), (spends.Single().Status, spends.Single().ManifestSha256, spends.Single().Rho, spends.Single().Delta, spends.Single().Purpose));
        Assert.Equal(first.At, spends.Single().At);
        Assert.Empty(Ledger.GetSpends("other"));
        Assert.Throws<WorkspaceException>(() => Ledger.MarkWritten(999_999, "x"));
    }

    [Fact]
    public void Every_budget_setting_is_kept_with_what_it_replaced_and_why()
    {
        Ledger.SetBudget(new PrivacyBudget("cases", 1, 1e-6, DateTimeOffset.UtcNow), "plan for 2027");
        Ledger.SetBudget(new PrivacyBudget("cases", 1.5, 1e-6, DateTimeOffset.UtcNow), "board approved a fourth release");
        var changes = Ledger.GetBudgetChanges("cases");
        Assert.Equal([(1.0, (double?)null, "plan for 2027"), (1.5, 1.0, "board approved a fourth release")],
            changes.Select(c => (c.Epsilon, c.PreviousEpsilon, c.Reason)));
        Assert.Equal(1.5, Ledger.GetBudget("cases")!.Epsilon);
        Assert.Empty(Ledger.GetBudgetChanges("other"));
    }

    [Fact]
    public void A_spend_must_be_positive_and_finite_with_a_delta_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ledger.TrySpend("cases", -0.02, 0, "negative", (_, _) => true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ledger.TrySpend("cases", double.NaN, 0, "nan", (_, _) => true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ledger.TrySpend("cases", double.PositiveInfinity, 0, "infinite", (_, _) => true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ledger.TrySpend("cases", 0.5, -1e-9, "negative δ", (_, _) => true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ledger.TrySpend("cases", 0.5, 1, "δ of one", (_, _) => true));
        Assert.Empty(Ledger.GetSpends("cases"));
    }

    [Theory]
    // Each edit hands budget back, or hides a release, without a trace if the tables alone are trusted.
    [InlineData("UPDATE privacy_spends SET rho = 1e-12")]
    [InlineData("UPDATE privacy_spends SET rho = -0.02")] // makes the remaining budget grow
    [InlineData("DELETE FROM privacy_spends")]
    [InlineData("UPDATE privacy_spends SET dataset = 'other'")]
    [InlineData("UPDATE privacy_spends SET status = 'spent', manifest_sha256 = NULL")]
    [InlineData("UPDATE privacy_spends SET manifest_sha256 = 'ab'")]
    [InlineData("UPDATE privacy_spends SET delta = 0.0")] // δ used up outright handed back
    [InlineData("UPDATE privacy_budgets SET epsilon = 50")] // a raise with no entry
    [InlineData("DELETE FROM privacy_budget_changes")]
    [InlineData("UPDATE ledger_chain SET entry = replace(entry, '0.5', '0.05')")]
    [InlineData("DELETE FROM ledger_chain WHERE id = 2")]
    [InlineData("DELETE FROM ledger_chain")]
    public void An_altered_ledger_is_found_on_every_read_and_refuses_spends(string edit)
    {
        Ledger.SetBudget(new PrivacyBudget("cases", 2, 1e-6, DateTimeOffset.UtcNow), "plan");
        var spend = Ledger.TrySpend("cases", 0.5, 1e-8, "release 1", (_, _) => true)!;
        Ledger.MarkWritten(spend.Id, "cafe");
        Assert.Single(Ledger.GetSpends("cases"));

        Tamper(edit);

        Assert.Contains("privacy ledger", Assert.Throws<WorkspaceException>(() => Ledger.GetSpends("cases")).Message);
        Assert.Throws<WorkspaceException>(() => Ledger.GetBudget("cases"));
        Assert.Throws<WorkspaceException>(() => Ledger.GetBudgetChanges("cases"));
        Assert.Throws<WorkspaceException>(() => Ledger.TrySpend("cases", 0.1, 0, "release 2", (_, _) => true));
        Assert.Throws<WorkspaceException>(() => Ledger.SetBudget(new PrivacyBudget("cases", 3, 1e-6, DateTimeOffset.UtcNow), "after the edit"));
    }
}
