using Minerva.Core;
using Minerva.Storage;

namespace Minerva.Web.Client;

/// <summary>
/// A team server's tenant as the ingest's store: the connector runs here (read, map, extract, hash photos) and each batch
/// goes to the server, which stores it in one transaction. A batch asks first which of its keys the tenant holds and with
/// what content, so that new, updated and duplicate are counted here as the server counts them; the server's own counts
/// are kept in <see cref="Pushed"/>. Photos are hashed here; their files stay on this machine.
/// </summary>
public sealed class RemoteIngestStore(TeamClient client) : IIngestStore
{
    private IngestContext? _context;

    private TeamClient Client => client;

    /// <summary>What the server said it stored, over every batch.</summary>
    public PushedOutcome Pushed { get; private set; } = new(0, 0, 0, 0);

    private IngestContext Context => _context ??= client.Get<IngestContext>("api/ingest/context");

    /// <inheritdoc/>
    public IIngestBatch BeginBatch() => new Batch(this);

    /// <summary>Nothing to switch here: the server keeps its own indexes.</summary>
    public IDisposable BeginBulkLoad() => new Nothing();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, long> CountBySource() => Context.Sources;

    /// <inheritdoc/>
    public IReadOnlyList<PlaceCountry> CountPlaceCountries() => Context.Places;

    /// <inheritdoc/>
    public void RecordRun(IngestRun run) => client.Post("api/ingest/run", run);

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Batch(RemoteIngestStore store) : IIngestBatch
    {
        private readonly Dictionary<string, string?> _known = new(StringComparer.Ordinal);
        private readonly List<PushedRecord> _records = [];
        private readonly List<QuarantineEntry> _quarantine = [];

        public void Expect(IReadOnlyList<RecordKey> keys)
        {
            var asked = keys.Select(k => k.ToString()).Where(k => !_known.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList();
            if (asked.Count == 0) return;
            var held = store.Client.Post<KnownKeys>("api/ingest/known", asked).Hashes;
            foreach (var key in asked) _known[key] = held.GetValueOrDefault(key);
        }

        public IngestOutcome Add(SourceRecord record, IReadOnlyList<Selector> selectors, string contentHash, IReadOnlyList<ImageFacts>? images = null)
        {
            var key = record.Key.ToString();
            if (!_known.ContainsKey(key)) Expect([record.Key]);
            var held = _known[key];
            _known[key] = contentHash;
            if (held == contentHash) return IngestOutcome.Duplicate;
            _records.Add(new PushedRecord(record, selectors, contentHash, images));
            return held is null ? IngestOutcome.Added : IngestOutcome.Updated;
        }

        public void Quarantine(QuarantineEntry entry) => _quarantine.Add(entry);

        public BatchChanges Commit()
        {
            if (_records.Count > 0 || _quarantine.Count > 0)
            {
                var done = store.Client.Post<PushedOutcome>("api/ingest/batch", new PushedBatch(_records, _quarantine));
                var sum = store.Pushed;
                store.Pushed = new PushedOutcome(sum.Added + done.Added, sum.Updated + done.Updated, sum.Duplicate + done.Duplicate, sum.Quarantined + done.Quarantined);
            }
            _records.Clear();
            _quarantine.Clear();
            return BatchChanges.None; // the server's index follows its own store; there is none here
        }

        public void Dispose()
        {
        }
    }
}
