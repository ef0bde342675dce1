using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Minerva.Core;
using Minerva.Extraction;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.App;

/// <summary>
/// The audit trail as the workbench keeps it: every search, view, export, correction and release, by whom, with what was
/// asked — and with every selector value in it (a phone number, an address, a handle) replaced by its keyed hash
/// (<c>phone:#3f9a0c12…</c>), so that the trail can be kept, read and handed over without listing the numbers of the
/// people in it. <see cref="HashOf"/> tells whether a given selector was searched.
/// </summary>
public sealed partial class Auditing(IAuditTrail trail)
{
    private byte[]? _key;

    private byte[] Key => _key ??= trail.SelectorKey();

    /// <summary>Writes that <paramref name="actor"/> did <paramref name="action"/> to <paramref name="target"/>, selectors hashed
    /// (phone numbers without a country read in <paramref name="region"/>'s, as the search that is audited read them).</summary>
    public void Write(string action, string actor, string target, string detail = "", string? region = null) =>
        trail.Append(new AuditEvent(action, actor, Redact(target, region), Redact(detail, region)));

    /// <summary>How a selector appears in the trail: its kind and the first 64 bits of its HMAC-SHA256 under the trail's key.</summary>
    public string HashOf(SelectorKind kind, string value)
    {
        var mac = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{kind.Name()}:{value}"));
        return $"{kind.Name()}:#{Convert.ToHexStringLower(mac.AsSpan(0, 8))}";
    }

    /// <summary>
    /// <paramref name="text"/> with its selectors hashed: those written as a query's field (<c>phone:713-555-0142</c>,
    /// normalised as search does, so the hash is the canonical value's) and those the extractor finds in free text (an
    /// e-mail address, a phone number however written). What neither recognises is kept as written.
    /// </summary>
    public string Redact(string text, string? region = null)
    {
        if (text.Length == 0) return text;
        var spans = new List<(int Start, int Length, string Hash)>();
        foreach (Match m in FieldTerm().Matches(text))
        {
            if (!SelectorKinds.TryParse(m.Groups["kind"].Value, out var kind)) continue;
            var value = m.Groups["value"].Value.Trim('"');
            string canonical;
            try
            {
                canonical = value.Length == 0 ? value : QueryParser.Normalise(kind, value, region);
            }
            catch (QueryException)
            {
                canonical = value; // not a valid value of its kind: hashed as written all the same
            }
            spans.Add((m.Index, m.Length, HashOf(kind, canonical)));
        }
        foreach (var s in SelectorExtractor.ExtractText(text, region))
            if (!spans.Any(o => s.Start < o.Start + o.Length && o.Start < s.Start + s.Length))
                spans.Add((s.Start, s.Length, HashOf(s.Kind, s.Value)));
        var redacted = new StringBuilder(text);
        foreach (var (start, length, hash) in spans.OrderByDescending(s => s.Start)) redacted.Remove(start, length).Insert(start, hash);
        return redacted.ToString();
    }

    /// <summary>A page of the trail, oldest first, after entry <paramref name="after"/>.</summary>
    public IReadOnlyList<AuditEntry> Entries(long after = 0, int limit = 100) => trail.Read(after, Math.Clamp(limit, 1, Workbench.MaxLimit));

    /// <summary>Replays the chain (see <see cref="IAuditTrail.Verify"/>).</summary>
    public AuditCheck Verify() => trail.Verify();

    /// <summary>Every entry naming a selector (by its hash), oldest first.</summary>
    public IReadOnlyList<AuditEntry> Naming(SelectorKind kind, string value)
    {
        var hash = HashOf(kind, value);
        var found = new List<AuditEntry>();
        for (long after = 0; ;)
        {
            var page = trail.Read(after, 1000);
            if (page.Count == 0) return found;
            found.AddRange(page.Where(e => e.Target.Contains(hash, StringComparison.Ordinal) || e.Detail.Contains(hash, StringComparison.Ordinal)));
            after = page[^1].Seq;
        }
    }

    [GeneratedRegex(@"(?<kind>[A-Za-z_]+):(?<value>""[^""]*""|[^\s()]+)")]
    private static partial Regex FieldTerm();
}
