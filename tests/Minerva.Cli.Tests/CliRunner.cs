namespace Minerva.Cli.Tests;

/// <summary>Runs the minerva program in-process on captured streams, as a script would.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new Terminal(output, error, new StringReader(input), interactive: false));
        return (code, output.ToString(), error.ToString());
    }

    public static (int Code, string Out, string Err) Run(params string[] args) => RunWithInput("", args);
}
