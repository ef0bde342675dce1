using System.Text.Json;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

public sealed class BudgetCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_budget_is_set_shown_in_zcdp_terms_and_validated()
    {
        var workspace = _folder.File("case.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Contains("No budget set", Run("-w", workspace, "budget").Out);
        var (code, output, _) = Run("-w", workspace, "--json", "budget", "--set-epsilon", "1", "--delta", "1e-6");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        // ε = 1 at δ = 10⁻⁶ allows ρ ≈ 0.02436 under the tight conversion (computed separately); the classic bound, only 0.01747.
        Assert.Equal(0.024356, json.GetProperty("budget").GetProperty("total_rho").GetDouble(), 1e-5);
        Assert.Equal(0, json.GetProperty("spent_rho").GetDouble());
        Assert.Equal(ExitCodes.Usage, Run("-w", workspace, "budget", "--set-epsilon", "1", "--delta", "2").Code);
        Assert.Equal(ExitCodes.Usage, Run("-w", workspace, "budget", "--set-epsilon", "-1").Code);
    }

    [Fact]
    public void Raising_a_budget_needs_confirmation_and_a_reason_and_every_change_stays_in_the_ledger()
    {
        var workspace = _folder.File("case.minerva");
        Assert.Equal(0, Run("init", workspace).Code);
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "2", "--reason", "annual release plan").Code);
        // ε 2 → 100 and δ loosened were silent before.
        var refused = Run("-w", workspace, "budget", "--set-epsilon", "100");
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Contains("needs --raise and --reason", refused.Err);
        Assert.Equal(ExitCodes.Usage, Run("-w", workspace, "budget", "--set-epsilon", "2", "--delta", "1e-3").Code);
        Assert.Equal(ExitCodes.Usage, Run("-w", workspace, "budget", "--set-epsilon", "3", "--raise").Code); // no reason
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "3", "--raise", "--reason", "board decision 2026-12").Code);
        Assert.Equal(0, Run("-w", workspace, "budget", "--set-epsilon", "1", "--reason", "tightened").Code); // lowering needs no confirmation
        var changes = JsonDocument.Parse(Run("-w", workspace, "--json", "budget").Out).RootElement.GetProperty("budget_changes");
        Assert.Equal(["annual release plan", "board decision 2026-12", "tightened"], changes.EnumerateArray().Select(c => c.GetProperty("reason").GetString()));
        Assert.Equal(2, changes[1].GetProperty("previous_epsilon").GetDouble());
        Assert.Contains("board decision", Run("-w", workspace, "budget").Out);
    }
}
