using Minerva.Core;
using Npgsql;
using NpgsqlTypes;

namespace Minerva.Storage.Postgres;

internal sealed partial class PostgresRecordStore
{
    /// <summary>
    /// An ingest batch in one transaction. The tenant's change-log head is locked from the start, so batches of one tenant
    /// follow each other (as on the workstation, one writer at a time) and see each other's records; other tenants' do not
    /// wait. What a batch is told it will get (<see cref="Expect"/>) is looked up in one round trip; new records wait in
    /// memory and go in by binary COPY at commit (into a staging table: PostgreSQL refuses COPY into a table under
    /// row-level security, so an INSERT from the staging table applies the tenant's policy), with ids taken from the
    /// sequence in one call. Records that change are rare and written at once, their old version kept as a revision.
    /// </summary>
    private sealed class Batch : IIngestBatch
    {
        /// <summary>A record of the batch: stored (an id) or still waiting for the COPY (id 0).</summary>
        private sealed class Entry(long id, string hash)
        {
            public long Id { get; set; } = id;
            public string Hash { get; set; } = hash;
            public Pending? Waiting { get; set; }
        }

        private sealed record Pending(SourceRecord Record, IReadOnlyList<Selector> Selectors, string Hash, IReadOnlyList<ImageFacts>? Images, Entry Entry);

        private const string RecordColumns = "id, key, source, native_id, observed_at, observed_offset, title, body, url, location, country, author, " +
            "platform, phone_region, attachments, explicit_values, raw, origin, content_hash, ingested_at";

        private readonly TenantStore _tenant;
        private readonly TenantStore.Scope _scope;
        private readonly Dictionary<string, Entry?> _known = new(StringComparer.Ordinal);
        private readonly List<Pending> _waiting = [];
        private readonly List<(Entry Entry, ScannedRecord Record)> _changes = [];
        private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
        private readonly long _lastChange;
        private bool _done;

        public Batch(TenantStore tenant)
        {
            _tenant = tenant;
            _scope = tenant.Open();
            try
            {
                _lastChange = Head(_scope.Connection, _scope.Transaction, lockIt: true).Last;
            }
            catch
            {
                _scope.Dispose();
                throw;
            }
        }

        private NpgsqlConnection C => _scope.Connection;

        private NpgsqlTransaction Tx => _scope.Transaction;

        public void Expect(IReadOnlyList<RecordKey> keys) => _tenant.Guarded(C, () =>
        {
            var asked = keys.Select(k => k.ToString()).Where(k => !_known.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToArray();
            if (asked.Length == 0) return false;
            foreach (var key in asked) _known[key] = null;
            // One probe of the (tenant, key) index per key, whatever the statistics say: `key = ANY(@keys)` was planned as a
            // scan of the tenant's rows once the tenant held some (187 ms for 2,048 keys among 100,000 records; 13 ms so).
            foreach (var (key, id, hash) in TenantStore.Rows(TenantStore.Command(C, Tx, """
                SELECT r.key, r.id, r.content_hash FROM unnest(@keys) AS k(key)
                CROSS JOIN LATERAL (SELECT key, id, content_hash FROM records WHERE key = k.key LIMIT 1) r
                """, ("keys", asked)),
                         r => (r.GetString(0), r.GetInt64(1), r.GetString(2))))
                _known[key] = new Entry(id, hash);
            return true;
        });

        public IngestOutcome Add(SourceRecord record, IReadOnlyList<Selector> selectors, string contentHash, IReadOnlyList<ImageFacts>? images = null) =>
            _tenant.Guarded(C, () => AddNow(record, selectors, contentHash, images));

        private IngestOutcome AddNow(SourceRecord record, IReadOnlyList<Selector> selectors, string contentHash, IReadOnlyList<ImageFacts>? images)
        {
            var key = record.Key.ToString();
            if (!_known.TryGetValue(key, out var entry)) Expect([record.Key]);
            entry = _known[key];
            if (entry is null)
            {
                entry = new Entry(0, contentHash);
                var pending = new Pending(record, selectors, contentHash, images, entry);
                entry.Waiting = pending;
                _known[key] = entry;
                _waiting.Add(pending);
                _changes.Add((entry, Scanned(0, record, selectors)));
                return IngestOutcome.Added;
            }
            if (entry.Hash == contentHash) return IngestOutcome.Duplicate;
            if (entry.Waiting is not null) Flush(); // changed again within the batch: stored first, so its first version becomes a revision
            Update(entry.Id, record, selectors, contentHash, images);
            entry.Hash = contentHash;
            _changes.Add((entry, Scanned(entry.Id, record, selectors)));
            return IngestOutcome.Updated;
        }

        private static ScannedRecord Scanned(long id, SourceRecord record, IReadOnlyList<Selector> selectors) =>
            new(id, record, [.. selectors.Select(s => (s.Kind, s.Value))]);

        public void Quarantine(QuarantineEntry entry) => _tenant.Guarded(C, () => TenantStore.Command(C, Tx, """
            DELETE FROM quarantine WHERE source = @s AND file = @f AND location = @l AND coalesce(payload, '') = coalesce(@p::text, '');
            INSERT INTO quarantine(source, file, location, reason, payload, at) VALUES(@s, @f, @l, @r, @p, @at);
            """, ("s", entry.Source), ("f", entry.File), ("l", entry.Location), ("r", entry.Reason), ("p", entry.Payload), ("at", entry.At.ToUniversalTime()))
            .ExecuteNonQueryDisposed());

        public BatchChanges Commit() => _tenant.Guarded(C, CommitNow);

        private BatchChanges CommitNow()
        {
            Flush();
            BatchChanges changes = BatchChanges.None;
            if (_changes.Count > 0)
            {
                var first = _lastChange + 1;
                var records = _changes.Select(c => c.Record with { Id = c.Entry.Id }).ToList();
                TenantStore.Command(C, Tx, """
                    INSERT INTO index_log(seq, record_id) SELECT @first + n - 1, id FROM unnest(@ids) WITH ORDINALITY AS t(id, n);
                    UPDATE record_heads SET last_change = @last;
                    """, ("first", first), ("ids", records.Select(r => r.Id).ToArray()), ("last", first + records.Count - 1)).ExecuteNonQueryDisposed();
                changes = new BatchChanges(first, first + records.Count - 1, records);
            }
            Tx.Commit();
            _done = true;
            return changes;
        }

        public void Dispose()
        {
            // A lost connection has rolled back already: there is nothing to roll back, and the connection is returned broken.
            if (!_done && !C.FullState.HasFlag(System.Data.ConnectionState.Broken) && C.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    Tx.Rollback();
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
                {
                    // Lost while rolling back: the server rolls the transaction back itself.
                }
            }
            _scope.Dispose();
        }

        /// <summary>Stores the waiting records: ids from the sequence in one call, then the rows and their selectors by COPY.</summary>
        private void Flush()
        {
            if (_waiting.Count == 0) return;
            var ids = TenantStore.Rows(TenantStore.Command(C, Tx, "SELECT nextval(pg_get_serial_sequence('records', 'id')) FROM generate_series(1, @n)",
                ("n", _waiting.Count)), r => r.GetInt64(0));
            for (var i = 0; i < _waiting.Count; i++)
            {
                _waiting[i].Entry.Id = ids[i];
                _waiting[i].Entry.Waiting = null;
            }
            TenantStore.Command(C, Tx, $"""
                CREATE TEMP TABLE IF NOT EXISTS staging_records ON COMMIT DROP AS SELECT {RecordColumns} FROM records WITH NO DATA;
                CREATE TEMP TABLE IF NOT EXISTS staging_selectors ON COMMIT DROP AS SELECT record_id, kind, value, original, field, start, length, note FROM selectors WITH NO DATA;
                """).ExecuteNonQueryDisposed();
            using (var copy = C.BeginBinaryImport($"COPY staging_records ({RecordColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in _waiting) WriteRecord(copy, p.Entry.Id, p.Record, p.Hash);
                copy.Complete();
            }
            using (var copy = C.BeginBinaryImport("COPY staging_selectors (record_id, kind, value, original, field, start, length, note) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in _waiting)
                    foreach (var s in p.Selectors) WriteSelector(copy, p.Entry.Id, s);
                copy.Complete();
            }
            TenantStore.Command(C, Tx, $"""
                INSERT INTO records({RecordColumns}) SELECT {RecordColumns} FROM staging_records;
                INSERT INTO selectors(record_id, kind, value, original, field, start, length, note) SELECT * FROM staging_selectors;
                DELETE FROM staging_records;
                DELETE FROM staging_selectors;
                """).ExecuteNonQueryDisposed();
            foreach (var p in _waiting)
                foreach (var image in p.Images ?? []) InsertImage(p.Entry.Id, image);
            _waiting.Clear();
        }

        private void WriteRecord(NpgsqlBinaryImporter copy, long id, SourceRecord r, string hash)
        {
            copy.StartRow();
            copy.Write(id, NpgsqlDbType.Bigint);
            copy.Write(r.Key.ToString(), NpgsqlDbType.Text);
            copy.Write(r.Key.Source, NpgsqlDbType.Text);
            copy.Write(r.Key.NativeId, NpgsqlDbType.Text);
            if (r.ObservedAt is { } at)
            {
                copy.Write(at.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                copy.Write((short)at.Offset.TotalMinutes, NpgsqlDbType.Smallint);
            }
            else
            {
                copy.WriteNull();
                copy.WriteNull();
            }
            foreach (var text in (ReadOnlySpan<string?>)[r.Title, r.Text, r.Url, r.Location, r.Country, r.Author, r.Platform, r.PhoneRegion]) Text(copy, text);
            copy.Write(StoredJson.Write(r.Attachments), NpgsqlDbType.Text);
            copy.Write(StoredJson.Write(r.ExplicitValues), NpgsqlDbType.Text);
            copy.Write(r.RawPayload, NpgsqlDbType.Text);
            copy.Write(r.Origin, NpgsqlDbType.Text);
            copy.Write(hash, NpgsqlDbType.Text);
            copy.Write(_now, NpgsqlDbType.TimestampTz);
        }

        private static void WriteSelector(NpgsqlBinaryImporter copy, long id, Selector s)
        {
            copy.StartRow();
            copy.Write(id, NpgsqlDbType.Bigint);
            copy.Write(s.Kind.Name(), NpgsqlDbType.Text);
            copy.Write(s.Value, NpgsqlDbType.Text);
            copy.Write(s.Original, NpgsqlDbType.Text);
            copy.Write(s.Field.ToString(), NpgsqlDbType.Text);
            copy.Write(s.Start, NpgsqlDbType.Integer);
            copy.Write(s.Length, NpgsqlDbType.Integer);
            Text(copy, s.Note);
        }

        private static void Text(NpgsqlBinaryImporter copy, string? value)
        {
            if (value is null) copy.WriteNull();
            else copy.Write(value, NpgsqlDbType.Text);
        }

        /// <summary>Keeps the stored version as a revision, replaces the row and its selectors and images; the record is new to
        /// resolution again (its entity, links and features go until the next resolve).</summary>
        private void Update(long id, SourceRecord r, IReadOnlyList<Selector> selectors, string hash, IReadOnlyList<ImageFacts>? images)
        {
            TenantStore.Command(C, Tx, """
                INSERT INTO revisions(record_id, raw, content_hash, replaced_at) SELECT id, raw, content_hash, @now FROM records WHERE id = @id;
                DELETE FROM selectors WHERE record_id = @id;
                DELETE FROM images WHERE record_id = @id;
                DELETE FROM entity_members WHERE record_id = @id;
                DELETE FROM links WHERE a = @id OR b = @id;
                DELETE FROM resolve_features WHERE record_id = @id;
                UPDATE records SET observed_at = @observed, observed_offset = @offset, title = @title, body = @body, url = @url, location = @location,
                    country = @country, author = @author, platform = @platform, phone_region = @region, attachments = @attachments,
                    explicit_values = @explicit, raw = @raw, origin = @origin, content_hash = @hash, ingested_at = @now
                WHERE id = @id;
                """, ("id", id), ("now", _now), ("observed", r.ObservedAt?.ToUniversalTime()), ("offset", r.ObservedAt is { } at ? (short)at.Offset.TotalMinutes : null),
                ("title", r.Title), ("body", r.Text), ("url", r.Url), ("location", r.Location), ("country", r.Country), ("author", r.Author),
                ("platform", r.Platform), ("region", r.PhoneRegion), ("attachments", StoredJson.Write(r.Attachments)),
                ("explicit", StoredJson.Write(r.ExplicitValues)), ("raw", r.RawPayload), ("origin", r.Origin), ("hash", hash)).ExecuteNonQueryDisposed();
            foreach (var s in selectors)
                TenantStore.Command(C, Tx, """
                    INSERT INTO selectors(record_id, kind, value, original, field, start, length, note) VALUES(@id, @kind, @value, @original, @field, @start, @length, @note)
                    """, ("id", id), ("kind", s.Kind.Name()), ("value", s.Value), ("original", s.Original), ("field", s.Field.ToString()), ("start", s.Start),
                    ("length", s.Length), ("note", s.Note)).ExecuteNonQueryDisposed();
            foreach (var image in images ?? []) InsertImage(id, image);
        }

        private void InsertImage(long id, ImageFacts image) => TenantStore.Command(C, Tx, """
            INSERT INTO images(record_id, attachment, path, format, width, height, quality, pdq, variants)
            VALUES(@id, @a, @path, @format, @w, @h, @q, @pdq, @variants)
            ON CONFLICT(tenant, record_id, attachment) DO UPDATE SET path = excluded.path, format = excluded.format, width = excluded.width,
                height = excluded.height, quality = excluded.quality, pdq = excluded.pdq, variants = excluded.variants
            """, ("id", id), ("a", image.Attachment), ("path", image.Path), ("format", image.Format), ("w", image.Width), ("h", image.Height),
            ("q", image.Quality), ("pdq", image.Pdq), ("variants", string.Join(' ', image.Variants))).ExecuteNonQueryDisposed();
    }
}
