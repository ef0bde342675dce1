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
}
