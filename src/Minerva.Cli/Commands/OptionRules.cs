using System.CommandLine;

namespace Minerva.Cli.Commands;

/// <summary>Checks on option values that the parser reports as usage errors (exit 2), before a command runs.</summary>
internal static class OptionRules
{
    /// <summary>Refuses values below <paramref name="min"/> (a negative --top or --samples 0 once reached the algorithms).</summary>
    public static Option<int> AtLeast(this Option<int> option, int min)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < min) result.AddError($"{option.Name} must be at least {min}, not {result.GetValueOrDefault<int>()}");
        });
        return option;
    }
}
