using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Minerva.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/> (tables, or JSON with --json), messages and progress to
/// <see cref="Err"/>, so `--json | jq` always gets clean JSON.
/// </summary>
public sealed class Terminal
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Creates a terminal over writers (tests pass StringWriters).</summary>
    public Terminal(TextWriter output, TextWriter error, TextReader input, bool interactive)
    {
        OutWriter = output;
        ErrWriter = error;
        Input = input;
        Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        Err = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        });
        Interactive = interactive;
        // Output that is not a terminal (a pipe, a file, a test) is not wrapped at 80 columns: wrapping split values
        // mid-token ("+491512345678⏎9") for whatever read it next.
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) Out.Profile.Width = UnwrappedWidth;
        if (!interactive) Err.Profile.Width = UnwrappedWidth;
    }

    /// <summary>Width given to output that is not a terminal: wide enough that no line of ours wraps.</summary>
    private const int UnwrappedWidth = 4096;

    /// <summary>The process's own console.</summary>
    public static Terminal ForConsole() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null);

    /// <summary>Results.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Messages and progress.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>Raw result writer, for JSON.</summary>
    public TextWriter OutWriter { get; }

    /// <summary>Raw message writer, for parse errors.</summary>
    public TextWriter ErrWriter { get; }

    /// <summary>Standard input.</summary>
    public TextReader Input { get; }

    /// <summary>Whether progress bars may animate.</summary>
    public bool Interactive { get; }

    /// <summary>Writes a value as JSON to the result stream.</summary>
    public void Json<T>(T value) => OutWriter.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes a value as JSON, indented for a reader, to a file being exported.</summary>
    public static void JsonTo<T>(Stream stream, T value) => JsonSerializer.Serialize(stream, value, new JsonSerializerOptions(JsonOptions) { WriteIndented = true });

    /// <summary>An error message on the message stream.</summary>
    public void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Writes a warning to standard error: the command goes on.</summary>
    public void Warning(string message) => Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
