using System.CommandLine;

namespace Minerva.Cli;

/// <summary>
/// One vocabulary across commands: <c>-n/--limit</c> counts what is listed, <c>-o/--out</c> is where output goes, <c>-r</c>
/// is <c>--region</c>, <c>-f</c> is <c>--format</c>, <c>-s</c> is <c>--source</c>. The spellings this replaced still work
/// for one release, with a warning naming the new one: scripts keep running and say what to change.
/// </summary>
internal static class OldSpellings
{
    /// <summary>(command path, old spelling) → the option it now is.</summary>
    private static readonly Dictionary<(string Command, string Old), string> Renamed = new()
    {
        [("entities", "--top")] = "--limit",
        [("eval", "--top")] = "--limit",
        [("graph central", "--top")] = "--limit",
        [("graph communities", "--top")] = "--limit",
        [("resolve", "-r")] = "--rules",
        [("images similar", "-r")] = "--radius",
        [("search", "-f")] = "--fuzzy",
    };

    /// <summary>
    /// <paramref name="args"/> with the old spellings of the command they run replaced (<c>--top 5</c> and <c>--top=5</c>
    /// alike, never after <c>--</c>); a warning for each goes to <paramref name="terminal"/>.
    /// </summary>
    public static string[] Rewrite(RootCommand root, string[] args, Terminal terminal)
    {
        var command = string.Join(' ', CliApp.CommandPath(root.Parse(args)).Skip(1)); // without "minerva"
        if (!Renamed.Keys.Any(k => k.Command == command)) return args;
        var rewritten = (string[])args.Clone();
        for (var i = 0; i < rewritten.Length && rewritten[i] != "--"; i++)
        {
            var (name, value) = rewritten[i].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (rewritten[i][..eq], rewritten[i][eq..]) : (rewritten[i], "");
            if (!Renamed.TryGetValue((command, name), out var now)) continue;
            rewritten[i] = now + value;
            terminal.Warning($"'{name}' is now '{now}' for minerva {command}; the old spelling goes in the next release");
        }
        return rewritten;
    }
}
