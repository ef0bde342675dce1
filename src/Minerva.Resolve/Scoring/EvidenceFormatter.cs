namespace Minerva.Resolve.Scoring;

/// <summary>Writes a pattern as compact evidence, e.g. <c>phone=shared text=&gt;=0.8 city=different</c> (absent levels left out).</summary>
internal sealed class EvidenceFormatter(Comparator comparator)
{
    private readonly Dictionary<ulong, string> _cache = [];

    /// <summary>The evidence text of a pattern.</summary>
    public string Describe(ulong pattern)
    {
        if (_cache.TryGetValue(pattern, out var text)) return text;
        var parts = new List<string>();
        for (var c = 0; c < comparator.Rules.Count; c++)
        {
            var level = Comparator.LevelOf(pattern, c);
            if (level != Comparator.Absent) parts.Add($"{comparator.Rules[c].Name}={comparator.Rules[c].Levels[level]}");
        }
        return _cache[pattern] = string.Join(' ', parts);
    }
}
