using Minerva.Core;

namespace Minerva.Resolve.Features;

/// <summary>Turns a record's (kind, value) selectors into sorted, distinct interned ids per kind slot, counting holders.</summary>
internal static class SelectorSlots
{
    public static int[][] Intern(IReadOnlyList<(SelectorKind Kind, string Value)> selectors, FeatureSpace space, SelectorTable table)
    {
        var slots = new int[space.SelectorKinds.Count][];
        for (var slot = 0; slot < slots.Length; slot++)
        {
            var kind = space.SelectorKinds[slot];
            var count = 0;
            foreach (var (k, _) in selectors)
                if (k == kind) count++;
            if (count == 0)
            {
                slots[slot] = [];
                continue;
            }
            var ids = new int[count];
            var n = 0;
            foreach (var (k, value) in selectors)
                if (k == kind) ids[n++] = table.Intern(k, value);
            Array.Sort(ids);
            n = 1;
            for (var x = 1; x < ids.Length; x++)
                if (ids[x] != ids[n - 1]) ids[n++] = ids[x];
            if (n < ids.Length) Array.Resize(ref ids, n);
            slots[slot] = ids;
            foreach (var id in ids) table.CountRecord(id);
        }
        return slots;
    }
}
