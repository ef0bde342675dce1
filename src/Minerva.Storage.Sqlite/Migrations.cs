namespace Minerva.Storage.Sqlite;

/// <summary>Numbered schema migrations. Append only: a released migration is never edited.</summary>
internal static class Migrations
{
    public static readonly string[] All =
    [
        // 1: records, selectors, full-text index, trigram index of its vocabulary (fuzzy search), quarantine, revisions, runs.
        """
        CREATE TABLE records(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            native_id TEXT NOT NULL,
            observed_at TEXT,
            observed_unix INTEGER,
            title TEXT,
            body TEXT,
            url TEXT,
            location TEXT,
            country TEXT,
            author TEXT,
            platform TEXT,
            phone_region TEXT,
            attachments TEXT NOT NULL,
            explicit_values TEXT NOT NULL,
            raw TEXT NOT NULL,
            origin TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL);
        CREATE INDEX records_source ON records(source, observed_unix);
        CREATE INDEX records_time ON records(observed_unix);
        CREATE TABLE selectors(
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            original TEXT NOT NULL,
            field TEXT NOT NULL,
            start INTEGER NOT NULL,
            length INTEGER NOT NULL,
            note TEXT);
        CREATE INDEX selectors_value ON selectors(kind, value);
        CREATE INDEX selectors_record ON selectors(record_id);
        CREATE VIRTUAL TABLE records_fts USING fts5(title, body, location,
            content='records', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE records_vocab USING fts5vocab(records_fts, row);
        CREATE TABLE terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);
        CREATE VIRTUAL TABLE terms_trigram USING fts5(term, content='terms', content_rowid='id', tokenize='trigram');
        CREATE TABLE revisions(
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            raw TEXT NOT NULL, content_hash TEXT NOT NULL, replaced_at TEXT NOT NULL);
        CREATE TABLE quarantine(
            id INTEGER PRIMARY KEY, source TEXT NOT NULL, file TEXT NOT NULL, location TEXT NOT NULL,
            reason TEXT NOT NULL, payload TEXT, at TEXT NOT NULL);
        CREATE UNIQUE INDEX quarantine_once ON quarantine(source, file, location, coalesce(payload, ''));
        CREATE TABLE ingest_runs(
            id INTEGER PRIMARY KEY, source TEXT NOT NULL, connector TEXT NOT NULL, inputs TEXT NOT NULL,
            started TEXT NOT NULL, finished TEXT NOT NULL, read INTEGER NOT NULL, ingested INTEGER NOT NULL,
            updated INTEGER NOT NULL, duplicate INTEGER NOT NULL, quarantined INTEGER NOT NULL);
        """,
        // 2: entity resolution: runs, record → entity memberships, the links clustering used, suppressed hub selectors,
        //    and each record's resolver features (MinHash signatures, compared fields) so later runs can be incremental.
        """
        CREATE TABLE resolutions(
            id INTEGER PRIMARY KEY, rule_set TEXT NOT NULL, rules TEXT NOT NULL, sources TEXT NOT NULL, started TEXT NOT NULL,
            finished TEXT NOT NULL, model TEXT NOT NULL, summary TEXT NOT NULL);
        CREATE TABLE entity_members(
            record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL);
        CREATE INDEX entity_members_entity ON entity_members(entity_id);
        CREATE TABLE links(
            a INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            weight REAL NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;
        CREATE INDEX links_b ON links(b);
        CREATE TABLE resolve_features(
            record_id INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
            source TEXT NOT NULL, observed_unix INTEGER, signatures BLOB, bands BLOB, fields TEXT);
        CREATE TABLE hubs(kind TEXT NOT NULL, value TEXT NOT NULL, records INTEGER NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY(kind, value));
        """,
        // 3: the privacy ledger: a total budget per dataset and every release's spend, recorded before its results exist.
        """
        CREATE TABLE privacy_budgets(dataset TEXT PRIMARY KEY, epsilon REAL NOT NULL, delta REAL NOT NULL, set_at TEXT NOT NULL);
        CREATE TABLE privacy_spends(
            id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, rho REAL NOT NULL, purpose TEXT NOT NULL, at TEXT NOT NULL,
            status TEXT NOT NULL, manifest_sha256 TEXT);
        CREATE INDEX privacy_spends_dataset ON privacy_spends(dataset);
        """,
        // 4: images attached to records: what was decoded and its PDQ hash in all eight orientations (for mirrored re-posts).
        """
        CREATE TABLE images(
            record_id INTEGER NOT NULL REFERENCES records(id), attachment INTEGER NOT NULL, path TEXT NOT NULL,
            format TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, quality INTEGER NOT NULL,
            pdq TEXT NOT NULL, variants TEXT NOT NULL, PRIMARY KEY(record_id, attachment));
        CREATE INDEX images_pdq ON images(pdq);
        """,
        // 5: a bulk load in progress: the statements that restore what it suspended (indexes, full-text merging) and the
        //    process running it, so a run that was killed half-way is finished when the workspace is next opened.
        """
        CREATE TABLE bulk_load_pending(step INTEGER PRIMARY KEY, sql TEXT NOT NULL, owner TEXT NOT NULL);
        """,
        // 6: records whose words the fuzzy vocabulary has not taken in yet, so a small ingest into a big workspace reads
        //    only its own text; 0 stands for every record (a bulk load, or a workspace from before this table).
        """
        CREATE TABLE terms_pending(record_id INTEGER PRIMARY KEY);
        INSERT INTO terms_pending(record_id) VALUES(0);
        """,
        // 7: ranking lists beside the full-text index (SqliteWorkspace.Ranking.cs): per common word, the records where it
        //    weighs most by bm25; the old text of changed records until the lists have let go of it; the last record
        //    when they were built whole. Built at the next refresh, which reads every record (the 0 in terms_pending).
        """
        CREATE TABLE ranking_terms(term TEXT PRIMARY KEY, docs INTEGER NOT NULL, bound REAL NOT NULL,
            average_length REAL NOT NULL) WITHOUT ROWID;
        CREATE TABLE ranking_postings(term TEXT NOT NULL, record_id INTEGER NOT NULL, freq INTEGER NOT NULL,
            length INTEGER NOT NULL, PRIMARY KEY(term, record_id)) WITHOUT ROWID;
        CREATE TABLE ranking_removed(record_id INTEGER NOT NULL, title TEXT, body TEXT, location TEXT);
        CREATE TABLE ranking_built(last_record INTEGER NOT NULL);
        INSERT INTO ranking_built(last_record) VALUES(0);
        INSERT OR IGNORE INTO terms_pending(record_id) VALUES(0);
        """,
        // 8: the file's size when it was last closed cleanly: a file that changed size since then was written by
        //    something else (or a process that died), and is checked for damage when next opened.
        """
        CREATE TABLE closed_size(bytes INTEGER NOT NULL);
        """,
        // 9: every setting of a privacy budget with its reason (a budget raised after releases must leave a trace).
        """
        CREATE TABLE privacy_budget_changes(id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
            previous_epsilon REAL, previous_delta REAL, reason TEXT NOT NULL, at TEXT NOT NULL);
        INSERT INTO privacy_budget_changes(dataset, epsilon, delta, reason, at)
            SELECT dataset, epsilon, delta, 'set before budget changes were recorded', set_at FROM privacy_budgets;
        """,
        // 10: marks set when a workspace is created: 'tests only' allows releases with reproducible (non-private) noise.
        """
        CREATE TABLE workspace_marks(mark TEXT PRIMARY KEY);
        """,
        // 11: the privacy ledger as a hash chain: every budget setting, spend and written release, each entry carrying the
        //    hash of the one before; the tables above must agree with it (SqliteWorkspace.Ledger.cs).
        """
        CREATE TABLE ledger_chain(id INTEGER PRIMARY KEY, entry TEXT NOT NULL, previous TEXT NOT NULL, hash TEXT NOT NULL);
        """,
        // 12: the δ a spend uses up outright (approximate zCDP: categories selected from the data by a noisy threshold);
        //    0 for a pure zCDP release. Releases compose by adding ρ and adding this δ.
        """
        ALTER TABLE privacy_spends ADD COLUMN delta REAL NOT NULL DEFAULT 0.0;
        """,
        // 13: an investigator's decisions that two records are, or are not, the same person: kept with who, when and why,
        //    and applied by every resolution after them. Keys, not ids: a record re-ingested keeps its key.
        """
        CREATE TABLE decisions(id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL, same INTEGER NOT NULL,
            by TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL);
        """,
        // 14: search moves to a Lucene.Net index beside the file (Minerva.Search): the full-text table, the fuzzy
        //    vocabulary and the ranking lists go, and so do a bulk load's unfinished steps for them. Every added or
        //    changed record is logged (index_log) for the index to follow; seq is never reused, so a mark in the index
        //    names a point in this log. The identity tells this workspace's index from another's (a copied file). An
        //    older workspace has no index yet: it is built from every record when the workspace is next opened.
        """
        DROP TABLE IF EXISTS records_vocab;
        DROP TABLE IF EXISTS records_fts;
        DROP TABLE IF EXISTS terms_trigram;
        DROP TABLE IF EXISTS terms;
        DROP TABLE IF EXISTS terms_pending;
        DROP TABLE IF EXISTS ranking_terms;
        DROP TABLE IF EXISTS ranking_postings;
        DROP TABLE IF EXISTS ranking_removed;
        DROP TABLE IF EXISTS ranking_built;
        DELETE FROM bulk_load_pending WHERE sql LIKE '%records_fts%';
        CREATE TABLE IF NOT EXISTS index_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, record_id INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS workspace_identity(id TEXT NOT NULL);
        INSERT INTO workspace_identity(id) SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM workspace_identity);
        """,
        // 15: case work (ICaseStore): named cases and what they hold, notes and tags on records, entities, selectors and cases.
        //    References are keys and values, never storage ids, so they outlive a re-ingest or a re-resolution; an entity
        //    item keeps one of its records (anchor) to say where that person went if the entity is merged away. A case's
        //    name is unique in any letter case (name_key: lower case, made by the code, as SQLite's NOCASE is ASCII only).
        """
        CREATE TABLE cases(id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
            by TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE case_items(case_id INTEGER NOT NULL REFERENCES cases(id), kind TEXT NOT NULL, ref TEXT NOT NULL, anchor TEXT,
            by TEXT NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(case_id, kind, ref));
        CREATE INDEX case_items_subject ON case_items(kind, ref);
        CREATE TABLE notes(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, text TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL);
        CREATE INDEX notes_subject ON notes(kind, ref);
        CREATE TABLE tags(kind TEXT NOT NULL, ref TEXT NOT NULL, tag TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,
            PRIMARY KEY(kind, ref, tag));
        CREATE INDEX tags_tag ON tags(tag);
        """,
        // 16: the audit trail (IAuditTrail): a hash chain of entries, and its head kept apart so that entries cut off the
        //    end are found. Triggers refuse changing or deleting an entry; a hand that drops them is found by verify. The key
        //    hashes selector values in what is audited (made by the code, from the system's cryptographic generator).
        """
        CREATE TABLE audit_log(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL,
            target TEXT NOT NULL, detail TEXT NOT NULL, previous TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TABLE audit_head(one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
        CREATE TABLE audit_key(key BLOB NOT NULL);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All.Length;
}
