using System.Globalization;
using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Cli.Commands;

/// <summary>An entity named on the command line: <c>E12</c>, <c>12</c>, or one of its records' keys.</summary>
internal static class EntityArgument
{
    /// <summary>The entity and its members, or null (after telling the user) when there is no such entity.</summary>
    public static (long Id, IReadOnlyList<RecordSummary> Members)? Find(IWorkspace workspace, string text, Terminal terminal)
    {
        var entity = Id(workspace, text);
        var members = entity is null ? [] : workspace.EntityMembers(entity.Value);
        if (members.Count > 0) return (entity!.Value, members);
        NotFound(workspace, text, terminal);
        return null;
    }

    /// <summary>The entity <paramref name="text"/> names, whether or not it has members; null when it names none.</summary>
    public static long? Id(IWorkspace workspace, string text) =>
        long.TryParse(text.TrimStart('E', 'e'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : RecordKey.TryParse(text, out var key) ? workspace.EntityOf(key) : null;

    /// <summary>Tells the user there is no such entity.</summary>
    public static void NotFound(IWorkspace workspace, string text, Terminal terminal) =>
        terminal.Error($"no entity '{text}' in {workspace.Location} (is the workspace resolved? 'minerva resolve')");
}
