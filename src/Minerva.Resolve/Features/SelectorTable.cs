using Minerva.Core;

namespace Minerva.Resolve.Features;

/// <summary>Interns selector values to dense ids and counts the records holding each. Not thread-safe.</summary>
internal sealed class SelectorTable
{
    private readonly Dictionary<(SelectorKind, string), int> _ids = [];
    private readonly List<(SelectorKind Kind, string Value)> _values = [];
    private readonly List<int> _counts = [];

    /// <summary>Number of distinct values.</summary>
    public int Count => _values.Count;

    /// <summary>The id of a value, adding it if new.</summary>
    public int Intern(SelectorKind kind, string value)
    {
        if (_ids.TryGetValue((kind, value), out var id)) return id;
        id = _values.Count;
        _ids.Add((kind, value), id);
        _values.Add((kind, value));
        _counts.Add(0);
        return id;
    }

    /// <summary>Counts one more record holding the value.</summary>
    public void CountRecord(int id) => _counts[id]++;

    /// <summary>Sets the holder count of a value (when explaining a pair against the workspace's counts).</summary>
    public void SetRecordCount(int id, int count) => _counts[id] = count;

    /// <summary>Kind and value of an id.</summary>
    public (SelectorKind Kind, string Value) this[int id] => _values[id];

    /// <summary>Records holding the value.</summary>
    public int RecordCount(int id) => _counts[id];
}
