using System.Text.RegularExpressions;
using Minerva.Testing;
using static Minerva.Cli.Tests.CliRunner;

namespace Minerva.Cli.Tests;

/// <summary>
/// Every command in README's code blocks, run as README gives it — block by block, each in its own folder, in order — so
/// the README cannot drift from the program again (its tour once asked `why` about a profile it never ingested).
/// `tools/minerva` is the program; paths into the repository and `../shared` resolve from the repository's root; every
/// other file a command names (workspaces, exports, release folders) is made in a temporary folder; `export
/// MINERVA_WORKSPACE=` becomes `-w`. A command must exit 0, or the code its comment names ("exit 4"). The demo and test
/// blocks are what CI runs anyway.
/// </summary>
public sealed partial class ReadmeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < CommandBlocks().Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Every_command_of_the_readme_block_runs(int block)
    {
        var (line, commands) = CommandBlocks()[block];
        string? workspace = null;
        foreach (var (command, expected) in commands)
        {
            foreach (var part in command.Split(" && "))
            {
                var export = Export().Match(part);
                if (export.Success)
                {
                    workspace = _folder.File(export.Groups[1].Value);
                    continue;
                }
                var (input, words) = Parse(part);
                if (words.Count == 0 || words[0] != "tools/minerva") throw new InvalidOperationException($"README.md:{line}: not a minerva command: {part}");
                var args = Arguments(words.Skip(1).ToList());
                string[] full = [.. workspace is null || args[0] is "init" or "extract" || args is ["images", "hash", ..] ? [] : new[] { "-w", workspace }, .. args];
                var (code, _, error) = RunWithInput(input, full);
                Assert.True(code == expected, $"README.md block at line {line}: `{part}` exited {code} (README says {expected}): {error}");
            }
        }
    }

    /// <summary>The README's bash blocks of minerva commands (not the demo or the test run), with their first line number.</summary>
    private static List<(int Line, List<(string Command, int Exit)> Commands)> CommandBlocks()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var blocks = new List<(int, List<(string, int)>)>();
        foreach (Match m in Block().Matches(text))
        {
            var lines = m.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
                .Select(l => (Command: StripComment(l, out var comment), Exit: ExitIn(comment))).Where(l => l.Command.Length > 0).ToList();
            if (lines.Select(l => l.Command).ToList() is ["tools/minerva demo"] or ["tools/test"]) continue;
            blocks.Add((text[..m.Index].Count(c => c == '\n') + 2, lines));
        }
        return blocks;
    }

    /// <summary>A line without its trailing <c># comment</c> (a '#' after a space, outside quotes).</summary>
    private static string StripComment(string line, out string comment)
    {
        comment = "";
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                comment = line[(i + 1)..];
                return line[..i].Trim();
            }
        }
        return line.Trim();
    }

    /// <summary>Shell words with quotes removed; <c>echo "…" | cmd</c> gives the echoed text as standard input.</summary>
    private static (string Input, List<string> Words) Parse(string command)
    {
        var input = "";
        var pipe = command.IndexOf(" | ", StringComparison.Ordinal);
        if (pipe > 0 && command.StartsWith("echo ", StringComparison.Ordinal))
        {
            input = string.Join(' ', Words(command[5..pipe])) + "\n";
            command = command[(pipe + 3)..];
        }
        return (input, Words(command));
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var (quote, any) = ('\0', false);
        foreach (var c in text)
        {
            if (quote != '\0') { if (c == quote) quote = '\0'; else word.Append(c); }
            else if (c is '\'' or '"') (quote, any) = (c, true);
            else if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0 || any) words.Add(word.ToString());
                (word, any) = (new System.Text.StringBuilder(), false);
            }
            else word.Append(c);
        }
        if (word.Length > 0 || any) words.Add(word.ToString());
        return words;
    }

    /// <summary>Paths resolved as from the repository's root; files a command makes go to the temporary folder; globs expanded.</summary>
    private List<string> Arguments(List<string> words)
    {
        var args = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w.StartsWith("connectors/", StringComparison.Ordinal) || w.StartsWith("rules/", StringComparison.Ordinal) || w.StartsWith("../", StringComparison.Ordinal))
            {
                var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, w));
                if (path.Contains('*', StringComparison.Ordinal))
                    args.AddRange(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path)).Order(StringComparer.Ordinal));
                else args.Add(path);
            }
            else if (i > 0 && words[i - 1] is "-o" or "--out" || w.EndsWith(".minerva", StringComparison.Ordinal)) args.Add(_folder.File(w));
            else args.Add(w);
        }
        return args;
    }

    private static int ExitIn(string comment) => ExitCode().Match(comment) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"\bexit (\d+)\b")]
    private static partial Regex ExitCode();

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"^export MINERVA_WORKSPACE=(\S+)$")]
    private static partial Regex Export();
}
