using Minerva.Images;
using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Blocking;

/// <summary>What blocking found: each blocker's pairs (before de-duplication) and the blocks it skipped as too large.</summary>
/// <param name="Blocker">Blocker name.</param>
/// <param name="Pairs">Pairs emitted.</param>
/// <param name="SkippedBlocks">Blocks larger than the limit, skipped.</param>
public sealed record BlockerCount(string Blocker, long Pairs, long SkippedBlocks);

/// <summary>
/// Candidate pairs from every blocker of a rule set, as packed record indices (<c>i &lt;&lt; 32 | j</c>, i &lt; j),
/// sorted and distinct. All pairs are never enumerated: only records sharing a block are paired.
/// </summary>
internal sealed class CandidateGenerator(RuleSet rules, FeatureSpace space, SelectorTable table, ImageForms? images = null)
{
    private readonly List<BlockerCount> _counts = [];

    /// <summary>Per-blocker counts of the last run.</summary>
    public IReadOnlyList<BlockerCount> Counts => _counts;

    /// <summary>Candidate pairs among <paramref name="records"/>; with <paramref name="newFrom"/>, only pairs touching
    /// a record at or after that index (incremental runs), and only blocks holding such a record are built.</summary>
    /// <param name="records">The records.</param>
    /// <param name="newFrom">Index of the first new record (0: all are).</param>
    /// <param name="progress">Told the share of blockers done after each one.</param>
    public long[] Generate(IReadOnlyList<RecordFeatures> records, int newFrom = 0, Action<double>? progress = null)
    {
        var pairs = new PairBuffer(newFrom, rules.Link is { } link ? Across(records, link) : null);
        var blocking = rules.Blocking;
        var fresh = records.Skip(newFrom).ToList();
        var steps = blocking.Selectors.Count + blocking.Keys.Count
                    + new object?[] { blocking.MinHash, blocking.Handles, blocking.Images, blocking.Tokens }.Count(b => b is not null);
        var done = 0;
        void Done() => progress?.Invoke(++done / (double)Math.Max(1, steps));
        // The long blockers (MinHash bands, photos, handles) report how far through they are, so a big run moves.
        Action<double>? within = progress is null ? null : inner => progress((done + Math.Clamp(inner, 0, 1)) / Math.Max(1, steps));
        foreach (var kind in blocking.Selectors)
        {
            var slot = space.KindSlot(kind);
            var wanted = newFrom == 0 ? null : fresh.SelectMany(r => r.Selectors[slot]).ToHashSet();
            var groups = new Dictionary<int, List<int>>();
            for (var i = 0; i < records.Count; i++)
                foreach (var id in records[i].Selectors[slot])
                {
                    if (wanted is not null && !wanted.Contains(id)) continue;
                    if (!groups.TryGetValue(id, out var list)) groups[id] = list = [];
                    list.Add(i);
                }
            Emit($"shared {kind.ToString().ToLowerInvariant()}", groups.Values, pairs, int.MaxValue); // hubs are already stripped
            Done();
        }
        if (blocking.MinHash is { } minHash) { MinHashBands(records, minHash, pairs, newFrom, within); Done(); }
        if (blocking.Handles is { } handles) { SimilarHandles(records, handles, pairs, newFrom, within); Done(); }
        if (blocking.Images is { } near) { NearImages(records, near, pairs, newFrom, within); Done(); }
        if (blocking.Tokens is { } tokens) { RareWords(records, tokens, pairs, newFrom); Done(); }
        foreach (var key in blocking.Keys) { Keys(records, key, pairs, newFrom); Done(); }
        return pairs.ToSortedDistinct();
    }

    /// <summary>In linkage mode only pairs of one record from each of the two sources are candidates.</summary>
    internal static Func<int, int, bool> Across(IReadOnlyList<RecordFeatures> records, LinkMode link)
    {
        var side = records.Select(r => r.Source == link.Across[0] ? (sbyte)0 : r.Source == link.Across[1] ? (sbyte)1 : (sbyte)-1).ToArray();
        return (a, b) => side[a] >= 0 && side[b] >= 0 && side[a] != side[b];
    }

    private void MinHashBands(IReadOnlyList<RecordFeatures> records, MinHashBlocking rule, PairBuffer pairs, int newFrom, Action<double>? within)
    {
        // One band at a time, bucketed by sorting (key, record) pairs: a few MB per band instead of a dictionary of lists.
        var slot = space.TextSlot(rule.Field);
        var keys = new (ulong Key, int Record)[records.Count];
        long skipped = 0;
        for (var band = 0; band < rule.Bands; band++)
        {
            HashSet<ulong>? wanted = null;
            if (newFrom > 0)
            {
                wanted = [];
                for (var i = newFrom; i < records.Count; i++)
                    if (records[i].Signatures[slot] is { } signature) wanted.Add(MinHasher.BandKey(signature, band, rule.Rows));
            }
            var n = 0;
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Signatures[slot] is not { } signature) continue;
                var key = MinHasher.BandKey(signature, band, rule.Rows);
                if (wanted is null || wanted.Contains(key)) keys[n++] = (key, i);
            }
            Array.Sort(keys, 0, n);
            for (var start = 0; start < n;)
            {
                var end = start + 1;
                while (end < n && keys[end].Key == keys[start].Key) end++;
                if (end - start > rules.Blocking.MaxBlock) skipped++;
                else
                    for (var x = start; x < end; x++)
                        for (var y = x + 1; y < end; y++)
                            pairs.Add(keys[x].Record, keys[y].Record);
                start = end;
            }
            within?.Invoke((band + 1) / (double)rule.Bands);
        }
        _counts.Add(new BlockerCount($"minhash {rule.Field}", pairs.TakeEmitted(), skipped));
    }

    private void SimilarHandles(IReadOnlyList<RecordFeatures> records, HandleBlocking rule, PairBuffer pairs, int newFrom, Action<double>? within)
    {
        var slot = space.KindSlot(Core.SelectorKind.Handle);
        var holders = Holders(records, slot);
        var grams = holders.Keys.ToDictionary(id => id, id => Grams(Name(table[id].Value), rule.Gram));
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (id, set) in grams)
            foreach (var gram in set)
            {
                if (!index.TryGetValue(gram, out var list)) index[gram] = list = [];
                list.Add(id);
            }
        // Grams in too many names (common syllables) are skipped; similarity is judged on the usable ones.
        long skipped = index.Values.LongCount(l => l.Count > rules.Blocking.MaxBlock);
        var usable = grams.ToDictionary(g => g.Key, g => g.Value.Count(gram => index[gram].Count <= rules.Blocking.MaxBlock));
        // Incremental runs look only from the new records' handles (to every handle); full runs from every handle up.
        var focus = newFrom == 0 ? grams.Keys : records.Skip(newFrom).SelectMany(r => r.Selectors[slot]).Distinct();
        var (looked, every) = (0, Math.Max(1, grams.Count / 100));
        foreach (var id in focus)
        {
            if (++looked % every == 0) within?.Invoke(looked / (double)grams.Count);
            var set = grams[id];
            var shared = new Dictionary<int, int>();
            foreach (var gram in set)
            {
                var list = index[gram];
                if (list.Count > rules.Blocking.MaxBlock) continue;
                foreach (var other in list)
                    if (newFrom == 0 ? other > id : other != id) shared[other] = shared.GetValueOrDefault(other) + 1;
            }
            foreach (var (other, count) in shared)
                if (count >= 2 && count >= rule.MinShared * Math.Min(usable[id], usable[other]))
                    foreach (var a in holders[id])
                        foreach (var b in holders[other])
                            pairs.Add(a, b);
        }
        _counts.Add(new BlockerCount("similar handles", pairs.TakeEmitted(), skipped));
    }

    /// <summary>
    /// Records whose photos are near-duplicates: every distinct hash is looked up in a multi-index over all of them
    /// (<see cref="NearDuplicates.FindReposts"/>: as stored within the radius, rotated or flipped within 31 bits).
    /// </summary>
    private void NearImages(IReadOnlyList<RecordFeatures> records, ImageBlocking rule, PairBuffer pairs, int newFrom, Action<double>? within)
    {
        var slot = space.KindSlot(Core.SelectorKind.ImageHash);
        var holders = Holders(records, slot);
        var ids = holders.Keys.ToArray();
        var forms = ids.Select(id => (images ?? ImageForms.None).Of(table[id].Value)).ToArray();
        var finder = new NearDuplicates(forms.Select(f => f[0]).ToList());
        var position = newFrom == 0 ? null : ids.Select((id, p) => (id, p)).ToDictionary(x => x.id, x => x.p);
        var focus = position is null ? Enumerable.Range(0, ids.Length)
            : records.Skip(newFrom).SelectMany(r => r.Selectors[slot]).Distinct().Select(id => position[id]);
        long skipped = 0;
        var (asked, step) = (0, Math.Max(1, ids.Length / 100));
        foreach (var q in focus)
        {
            if (++asked % step == 0) within?.Invoke(asked / (double)ids.Length);
            foreach (var other in finder.FindReposts(forms[q], rule.Radius))
            {
                if (other == q || (newFrom == 0 && other < q)) continue;
                var (a, b) = (holders[ids[q]], holders[ids[other]]);
                if (a.Count * b.Count > rules.Blocking.MaxBlock * rules.Blocking.MaxBlock) { skipped++; continue; }
                foreach (var x in a)
                    foreach (var y in b)
                        if (x != y) pairs.Add(x, y);
            }
        }
        _counts.Add(new BlockerCount($"near images ≤{rule.Radius} bits", pairs.TakeEmitted(), skipped));
    }

    /// <summary>The records (by index) holding each value of the selector slot.</summary>
    private static Dictionary<int, List<int>> Holders(IReadOnlyList<RecordFeatures> records, int slot)
    {
        var holders = new Dictionary<int, List<int>>();
        for (var i = 0; i < records.Count; i++)
            foreach (var id in records[i].Selectors[slot])
            {
                if (!holders.TryGetValue(id, out var list)) holders[id] = list = [];
                list.Add(i);
            }
        return holders;
    }

    private void Keys(IReadOnlyList<RecordFeatures> records, BlockingKey key, PairBuffer pairs, int newFrom)
    {
        var slots = key.Parts.Select(p => space.FieldSlot(p.Field)).ToArray();
        var groups = Groups(records, newFrom, r => KeyOf(r.Fields, key, slots) is { } text ? [text] : []);
        Emit($"key {key}", groups, pairs, rules.Blocking.MaxBlock);
    }

    private void RareWords(IReadOnlyList<RecordFeatures> records, TokenBlocking rule, PairBuffer pairs, int newFrom)
    {
        var slot = space.FieldSlot(rule.Field);
        var groups = Groups(records, newFrom, r => r.Fields[slot] is { } value ? Scoring.FieldVocabulary.Words(value).Distinct(StringComparer.Ordinal) : []);
        Emit($"rare words of {rule.Field}", groups, pairs, rule.MaxRecords);
    }

    /// <summary>The records (by index) under each of their keys; in incremental runs only keys a new record has.</summary>
    private static IEnumerable<List<int>> Groups(IReadOnlyList<RecordFeatures> records, int newFrom, Func<RecordFeatures, IEnumerable<string>> keysOf)
    {
        var wanted = newFrom == 0 ? null : records.Skip(newFrom).SelectMany(keysOf).ToHashSet(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
            foreach (var key in keysOf(records[i]))
            {
                if (wanted is not null && !wanted.Contains(key)) continue;
                if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
                list.Add(i);
            }
        return groups.Values;
    }

    /// <summary>A record's blocking key text, or null when a part is missing.</summary>
    internal static string? KeyOf(string?[] fields, BlockingKey key, int[] slots)
    {
        var parts = new string[slots.Length];
        for (var p = 0; p < slots.Length; p++)
        {
            if (fields[slots[p]] is not { } value) return null;
            parts[p] = key.Parts[p].Prefix > 0 && value.Length > key.Parts[p].Prefix ? value[..key.Parts[p].Prefix] : value;
        }
        return string.Join('\u001f', parts);
    }

    private void Emit(string blocker, IEnumerable<List<int>> groups, PairBuffer pairs, int maxBlock)
    {
        long skipped = 0;
        foreach (var group in groups)
        {
            if (group.Count < 2) continue;
            if (group.Count > maxBlock) { skipped++; continue; }
            for (var x = 0; x < group.Count; x++)
                for (var y = x + 1; y < group.Count; y++)
                    pairs.Add(group[x], group[y]);
        }
        _counts.Add(new BlockerCount(blocker, pairs.TakeEmitted(), skipped));
    }

    /// <summary>
    /// Values among <paramref name="all"/> handles similar to one of <paramref name="fresh"/> by the same rule as the
    /// blocker (shared n-grams, buckets over <paramref name="maxBlock"/> handles skipped): how an incremental run finds
    /// the stored handles its new records may match without loading every record.
    /// </summary>
    public static HashSet<string> SimilarHandleValues(IReadOnlyList<string> all, IEnumerable<string> fresh, HandleBlocking rule, int maxBlock)
    {
        var bucket = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var handle in all)
            foreach (var gram in Grams(Name(handle), rule.Gram)) bucket[gram] = bucket.GetValueOrDefault(gram) + 1;
        var wanted = new Dictionary<string, List<(string Handle, int Usable)>>(StringComparer.Ordinal);
        foreach (var handle in fresh.Distinct())
        {
            var grams = Grams(Name(handle), rule.Gram).Where(g => bucket.GetValueOrDefault(g) <= maxBlock).ToList();
            foreach (var gram in grams)
            {
                if (!wanted.TryGetValue(gram, out var list)) wanted[gram] = list = [];
                list.Add((handle, grams.Count));
            }
        }
        var similar = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in all)
        {
            var grams = Grams(Name(handle), rule.Gram);
            var usable = grams.Count(g => bucket[g] <= maxBlock);
            var shared = new Dictionary<string, (int Count, int Usable)>(StringComparer.Ordinal);
            foreach (var gram in grams)
                if (wanted.TryGetValue(gram, out var list))
                    foreach (var (other, otherUsable) in list) shared[other] = (shared.GetValueOrDefault(other).Count + 1, otherUsable);
            foreach (var (other, (count, otherUsable)) in shared)
                if (other != handle && count >= 2 && count >= rule.MinShared * Math.Min(usable, otherUsable)) similar.Add(handle);
        }
        return similar;
    }

    private static string Name(string handle) => handle[(handle.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static HashSet<string> Grams(string name, int n)
    {
        var padded = $"^{name}$";
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + n <= padded.Length; i++) set.Add(padded.Substring(i, n));
        return set;
    }

    /// <summary>
    /// Collects packed pairs in fixed-size chunks (a growing list would copy tens of millions of pairs at each
    /// doubling), dropping self-pairs, pairs the linkage mode does not link (<paramref name="keep"/>) and, in
    /// incremental runs, pairs between two old records.
    /// </summary>
    private sealed class PairBuffer(int newFrom, Func<int, int, bool>? keep)
    {
        private const int ChunkSize = 1 << 20;
        private readonly List<long[]> _chunks = [];
        private int _used = ChunkSize;
        private long _emitted;

        public void Add(int a, int b)
        {
            if (a == b || Math.Max(a, b) < newFrom || (keep is not null && !keep(a, b))) return;
            var (lo, hi) = a < b ? (a, b) : (b, a);
            if (_used == ChunkSize)
            {
                _chunks.Add(new long[ChunkSize]);
                _used = 0;
            }
            _chunks[^1][_used++] = ((long)lo << 32) | (uint)hi;
            _emitted++;
        }

        public long TakeEmitted()
        {
            var n = _emitted;
            _emitted = 0;
            return n;
        }

        public long[] ToSortedDistinct()
        {
            var total = _chunks.Count == 0 ? 0 : (long)(_chunks.Count - 1) * ChunkSize + _used;
            var array = new long[total];
            for (var c = 0; c < _chunks.Count; c++)
            {
                Array.Copy(_chunks[c], 0, array, (long)c * ChunkSize, c == _chunks.Count - 1 ? _used : ChunkSize);
                _chunks[c] = [];
            }
            Array.Sort(array);
            var n = 0;
            for (var i = 0; i < array.Length; i++)
                if (i == 0 || array[i] != array[i - 1]) array[n++] = array[i];
            Array.Resize(ref array, n);
            return array;
        }
    }
}
