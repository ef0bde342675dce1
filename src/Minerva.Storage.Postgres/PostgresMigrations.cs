namespace Minerva.Storage.Postgres;

/// <summary>
/// Numbered schema migrations of the team database. Append only: a released migration is never edited. <c>{app}</c>
/// stands for the application's role, quoted (<see cref="TeamDatabase"/> checks the name before it is put in).
/// </summary>
/// <remarks>
/// Every table holds a <c>tenant</c> column, filled from the transaction's <c>app.tenant</c> setting, and row-level
/// security lets a row be read or written only while that setting names its tenant. RLS is forced on every table of
/// tenant data, so it holds for the tables' owner too; the application connects as a role that owns nothing, is no superuser and cannot bypass RLS, so a
/// bug in a query, or an injected one, still sees one tenant at most. A connection that set no tenant sees nothing.
/// Foreign keys name the tenant as well, so a row can only point at a row of its own tenant (key checks bypass RLS).
/// </remarks>
internal static class PostgresMigrations
{
    public static readonly string[] All =
    [
        // 1: tenants, the tenant setting, case work (ICaseStore) and the audit trail (IAuditTrail), with RLS on every table.
        """
        CREATE FUNCTION minerva_tenant() RETURNS bigint LANGUAGE sql STABLE
            AS $$ SELECT nullif(current_setting('app.tenant', true), '')::bigint $$;

        CREATE TABLE tenants(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now());

        CREATE TABLE cases(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            name text NOT NULL, name_key text NOT NULL, description text NOT NULL, by text NOT NULL, at timestamptz NOT NULL,
            UNIQUE (tenant, id), UNIQUE (tenant, name_key));
        CREATE TABLE case_items(tenant bigint NOT NULL DEFAULT minerva_tenant(), case_id bigint NOT NULL,
            kind text NOT NULL, ref text NOT NULL, anchor text, by text NOT NULL, at timestamptz NOT NULL, seq int NOT NULL,
            PRIMARY KEY (tenant, case_id, kind, ref), FOREIGN KEY (tenant, case_id) REFERENCES cases(tenant, id) ON DELETE CASCADE);
        CREATE INDEX case_items_subject ON case_items(tenant, kind, ref);
        CREATE TABLE notes(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            kind text NOT NULL, ref text NOT NULL, text text NOT NULL, by text NOT NULL, at timestamptz NOT NULL);
        CREATE INDEX notes_subject ON notes(tenant, kind, ref);
        CREATE TABLE tags(tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            kind text NOT NULL, ref text NOT NULL, tag text NOT NULL, by text NOT NULL, at timestamptz NOT NULL,
            PRIMARY KEY (tenant, kind, ref, tag));
        CREATE INDEX tags_tag ON tags(tenant, tag);

        CREATE TABLE audit_log(tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), seq bigint NOT NULL,
            at timestamptz NOT NULL, action text NOT NULL, actor text NOT NULL, target text NOT NULL, detail text NOT NULL,
            previous text NOT NULL, hash text NOT NULL, PRIMARY KEY (tenant, seq));
        CREATE TABLE audit_heads(tenant bigint PRIMARY KEY DEFAULT minerva_tenant() REFERENCES tenants(id),
            seq bigint NOT NULL, hash text NOT NULL);
        CREATE TABLE audit_keys(tenant bigint PRIMARY KEY DEFAULT minerva_tenant() REFERENCES tenants(id), key bytea NOT NULL);
        CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

        -- The list of tenants is the owner's to keep (not forced); the application sees its own tenant's row only.
        ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_tenant ON tenants USING (id = minerva_tenant());
        DO $$
        DECLARE t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['cases', 'case_items', 'notes', 'tags', 'audit_log', 'audit_heads', 'audit_keys'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY own_tenant ON %I USING (tenant = minerva_tenant()) WITH CHECK (tenant = minerva_tenant())', t);
            END LOOP;
        END $$;

        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO {app};
        GRANT SELECT ON tenants, schema_migrations TO {app};
        GRANT SELECT, INSERT ON cases, notes, audit_log, audit_keys TO {app};
        GRANT SELECT, INSERT, DELETE ON case_items, tags TO {app};
        GRANT SELECT, INSERT, UPDATE ON audit_heads TO {app};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app};
        """,
        // 2: the privacy ledger (IPrivacyLedger) per tenant: budgets, their changes, spends, and the hash chain every read
        //    replays, numbered per tenant from its head row (which a spend locks: one tenant's releases queue, others' do not).
        """
        CREATE TABLE privacy_budgets(tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), dataset text NOT NULL,
            epsilon double precision NOT NULL, delta double precision NOT NULL, set_at timestamptz NOT NULL, PRIMARY KEY (tenant, dataset));
        CREATE TABLE privacy_budget_changes(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), dataset text NOT NULL,
            epsilon double precision NOT NULL, delta double precision NOT NULL, previous_epsilon double precision, previous_delta double precision,
            reason text NOT NULL, at timestamptz NOT NULL);
        CREATE INDEX privacy_budget_changes_dataset ON privacy_budget_changes(tenant, dataset);
        CREATE TABLE privacy_spends(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), dataset text NOT NULL,
            rho double precision NOT NULL, delta double precision NOT NULL, purpose text NOT NULL, at timestamptz NOT NULL,
            status text NOT NULL, manifest_sha256 text);
        CREATE INDEX privacy_spends_dataset ON privacy_spends(tenant, dataset);
        CREATE TABLE ledger_chain(tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), id bigint NOT NULL,
            entry text NOT NULL, previous text NOT NULL, hash text NOT NULL, PRIMARY KEY (tenant, id));
        CREATE TABLE ledger_heads(tenant bigint PRIMARY KEY DEFAULT minerva_tenant() REFERENCES tenants(id), id bigint NOT NULL, hash text NOT NULL);
        DO $$
        DECLARE t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['privacy_budgets', 'privacy_budget_changes', 'privacy_spends', 'ledger_chain', 'ledger_heads'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY own_tenant ON %I USING (tenant = minerva_tenant()) WITH CHECK (tenant = minerva_tenant())', t);
            END LOOP;
        END $$;
        GRANT SELECT, INSERT, UPDATE ON privacy_budgets, privacy_spends, ledger_heads TO {app};
        GRANT SELECT, INSERT ON privacy_budget_changes, ledger_chain TO {app};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app};
        """,
        // 3: records (IRecordStore) per tenant: records with their selectors, revisions and images, the quarantine, ingest
        //    runs, and the change log an index follows, numbered per tenant from its head row (a batch locks it, so its
        //    changes are numbered without a gap). Ids come from one sequence, so a batch can take its ids in one call
        //    before it copies its rows in. The three tables an ingest fills row by row (records, selectors, index_log)
        //    have no foreign keys: a key check locks the row it finds, and cost more than the inserts themselves (measured:
        //    70 of 165 ms for 2,048 ads and their 3,441 selectors). RLS's WITH CHECK still keeps each row to the tenant
        //    writing it; the ids a row names come from the same batch. Whoever deletes a record deletes its selectors.
        //    Records have two indexes only, both led by the tenant (every query is one tenant's, so RLS's condition leads
        //    each lookup): (tenant, id) for ids, scans in id order and a source's records, (tenant, key) for keys.
        """
        CREATE TABLE record_heads(tenant bigint PRIMARY KEY DEFAULT minerva_tenant() REFERENCES tenants(id),
            identity text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''), last_change bigint NOT NULL DEFAULT 0,
            kept_after bigint NOT NULL DEFAULT 0);
        CREATE TABLE records(id bigint GENERATED BY DEFAULT AS IDENTITY,
            tenant bigint NOT NULL DEFAULT minerva_tenant(),
            key text NOT NULL, source text NOT NULL, native_id text NOT NULL, observed_at timestamptz, observed_offset smallint,
            title text, body text, url text, location text, country text, author text, platform text, phone_region text,
            attachments text NOT NULL, explicit_values text NOT NULL, raw text NOT NULL, origin text NOT NULL,
            content_hash text NOT NULL, ingested_at timestamptz NOT NULL, PRIMARY KEY (tenant, id), UNIQUE (tenant, key));
        CREATE TABLE selectors(tenant bigint NOT NULL DEFAULT minerva_tenant(), record_id bigint NOT NULL,
            kind text NOT NULL, value text NOT NULL, original text NOT NULL, field text NOT NULL, start int NOT NULL, length int NOT NULL, note text);
        CREATE INDEX selectors_value ON selectors(tenant, kind, value);
        CREATE INDEX selectors_record ON selectors(record_id);
        CREATE TABLE revisions(tenant bigint NOT NULL DEFAULT minerva_tenant(), record_id bigint NOT NULL, raw text NOT NULL,
            content_hash text NOT NULL, replaced_at timestamptz NOT NULL,
            FOREIGN KEY (tenant, record_id) REFERENCES records(tenant, id) ON DELETE CASCADE);
        CREATE INDEX revisions_record ON revisions(record_id);
        CREATE TABLE images(tenant bigint NOT NULL DEFAULT minerva_tenant(), record_id bigint NOT NULL, attachment int NOT NULL,
            path text NOT NULL, format text NOT NULL, width int NOT NULL, height int NOT NULL, quality int NOT NULL, pdq text NOT NULL,
            variants text NOT NULL, PRIMARY KEY (tenant, record_id, attachment),
            FOREIGN KEY (tenant, record_id) REFERENCES records(tenant, id) ON DELETE CASCADE);
        CREATE TABLE quarantine(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            source text NOT NULL, file text NOT NULL, location text NOT NULL, reason text NOT NULL, payload text, at timestamptz NOT NULL);
        CREATE UNIQUE INDEX quarantine_once ON quarantine(tenant, source, file, location, coalesce(payload, ''));
        CREATE TABLE ingest_runs(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            source text NOT NULL, connector text NOT NULL, inputs text NOT NULL, started timestamptz NOT NULL, finished timestamptz NOT NULL,
            read bigint NOT NULL, ingested bigint NOT NULL, updated bigint NOT NULL, duplicate bigint NOT NULL, quarantined bigint NOT NULL);
        CREATE TABLE index_log(tenant bigint NOT NULL DEFAULT minerva_tenant(), seq bigint NOT NULL,
            record_id bigint NOT NULL, PRIMARY KEY (tenant, seq));
        DO $$
        DECLARE t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['record_heads', 'records', 'selectors', 'revisions', 'images', 'quarantine', 'ingest_runs', 'index_log'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY own_tenant ON %I USING (tenant = minerva_tenant()) WITH CHECK (tenant = minerva_tenant())', t);
            END LOOP;
        END $$;
        GRANT SELECT, INSERT, UPDATE ON record_heads, records TO {app};
        GRANT SELECT, INSERT, DELETE ON selectors, images, quarantine, index_log TO {app};
        GRANT SELECT, INSERT ON revisions, ingest_runs TO {app};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app};
        """,
        // 4: entity resolution (IResolutionStore) per tenant: the investigators' decisions, runs, record → entity
        //    memberships, the links clustering used, suppressed hubs, and each record's resolver features for incremental
        //    runs. Entity ids are the tenant's own (the resolver numbers them from the tenant's largest), so an id says
        //    nothing of another tenant's entities. Like the records, these tables are filled by the hundred thousand and
        //    name records by id without foreign keys; a record that changes loses its rows here in the same transaction.
        """
        CREATE TABLE decisions(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            a text NOT NULL, b text NOT NULL, same boolean NOT NULL, by text NOT NULL, at timestamptz NOT NULL, reason text NOT NULL);
        CREATE INDEX decisions_tenant ON decisions(tenant, id);
        CREATE TABLE resolutions(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id),
            rule_set text NOT NULL, rules text NOT NULL, sources text NOT NULL, started timestamptz NOT NULL, finished timestamptz NOT NULL,
            model text NOT NULL, summary text NOT NULL);
        CREATE INDEX resolutions_tenant ON resolutions(tenant, id);
        CREATE TABLE entity_members(tenant bigint NOT NULL DEFAULT minerva_tenant(), record_id bigint NOT NULL, entity_id bigint NOT NULL,
            PRIMARY KEY (tenant, record_id));
        CREATE INDEX entity_members_entity ON entity_members(tenant, entity_id);
        CREATE TABLE links(tenant bigint NOT NULL DEFAULT minerva_tenant(), a bigint NOT NULL, b bigint NOT NULL,
            weight double precision NOT NULL, evidence text NOT NULL, PRIMARY KEY (tenant, a, b));
        CREATE INDEX links_b ON links(tenant, b);
        CREATE TABLE resolve_features(tenant bigint NOT NULL DEFAULT minerva_tenant(), record_id bigint NOT NULL, source text NOT NULL,
            observed_unix bigint, signatures bytea, bands bytea, fields text, PRIMARY KEY (tenant, record_id));
        CREATE INDEX resolve_features_source ON resolve_features(tenant, source);
        CREATE TABLE hubs(tenant bigint NOT NULL DEFAULT minerva_tenant() REFERENCES tenants(id), kind text NOT NULL, value text NOT NULL,
            records int NOT NULL, reason text NOT NULL, PRIMARY KEY (tenant, kind, value));
        DO $$
        DECLARE t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['decisions', 'resolutions', 'entity_members', 'links', 'resolve_features', 'hubs'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
                EXECUTE format('CREATE POLICY own_tenant ON %I USING (tenant = minerva_tenant()) WITH CHECK (tenant = minerva_tenant())', t);
            END LOOP;
        END $$;
        GRANT SELECT, INSERT ON decisions, resolutions TO {app};
        GRANT SELECT, INSERT, UPDATE, DELETE ON entity_members, links, resolve_features, hubs TO {app};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app};
        """,
        // 5: accounts and API tokens. They are read before any tenant is known (a login names a user, a token carries its
        //    id), so the application gets no grant on either table: it calls the functions below, which run as the owner.
        //    The lookups return one account or token by its name or id; every function that lists or changes does so in the
        //    transaction's tenant only (minerva_tenant()), so a lead of one tenant cannot touch another's users even through
        //    a bug in the server. Names are unique across tenants (a login does not ask for an agency). No function makes an
        //    admin: the database's owner does ('minerva team user add'). A token is stored as the SHA-256 of its secret.
        """
        CREATE TABLE accounts(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant bigint NOT NULL REFERENCES tenants(id),
            name text NOT NULL, name_key text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'lead', 'data_owner', 'admin')),
            password_hash text NOT NULL, disabled boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX accounts_tenant ON accounts(tenant);
        CREATE TABLE api_tokens(id text PRIMARY KEY, tenant bigint NOT NULL REFERENCES tenants(id), account bigint NOT NULL REFERENCES accounts(id),
            hash bytea NOT NULL, scopes text[] NOT NULL, label text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL, revoked_at timestamptz);
        CREATE INDEX api_tokens_tenant ON api_tokens(tenant);

        CREATE FUNCTION minerva_find_account(p_name text)
            RETURNS TABLE(id bigint, tenant bigint, name text, role text, password_hash text, disabled boolean)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$ SELECT id, tenant, name, role, password_hash, disabled FROM accounts WHERE name_key = lower(p_name) $$;
        CREATE FUNCTION minerva_get_account(p_id bigint)
            RETURNS TABLE(id bigint, tenant bigint, name text, role text, password_hash text, disabled boolean)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$ SELECT id, tenant, name, role, password_hash, disabled FROM accounts WHERE id = p_id $$;
        CREATE FUNCTION minerva_add_account(p_name text, p_role text, p_hash text) RETURNS bigint
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$
            DECLARE made bigint;
            BEGIN
                IF minerva_tenant() IS NULL THEN RAISE EXCEPTION 'no tenant is set'; END IF;
                IF p_role = 'admin' THEN RAISE EXCEPTION 'an admin is made by the database''s owner only'; END IF;
                INSERT INTO accounts(tenant, name, name_key, role, password_hash) VALUES(minerva_tenant(), p_name, lower(p_name), p_role, p_hash)
                    ON CONFLICT(name_key) DO NOTHING RETURNING id INTO made;
                RETURN made;
            END $$;
        CREATE FUNCTION minerva_tenant_accounts()
            RETURNS TABLE(id bigint, tenant bigint, name text, role text, disabled boolean, created_at timestamptz)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$ SELECT id, tenant, name, role, disabled, created_at FROM accounts WHERE tenant = minerva_tenant() ORDER BY name_key $$;
        CREATE FUNCTION minerva_set_account(p_name text, p_role text, p_disabled boolean) RETURNS boolean
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$
            BEGIN
                IF p_role = 'admin' THEN RAISE EXCEPTION 'an admin is made by the database''s owner only'; END IF;
                UPDATE accounts SET role = coalesce(p_role, role), disabled = coalesce(p_disabled, disabled)
                    WHERE name_key = lower(p_name) AND tenant = minerva_tenant() AND role <> 'admin';
                RETURN FOUND;
            END $$;
        CREATE FUNCTION minerva_add_token(p_id text, p_account bigint, p_hash bytea, p_scopes text[], p_label text, p_expires timestamptz) RETURNS boolean
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$
            BEGIN
                INSERT INTO api_tokens(id, tenant, account, hash, scopes, label, expires_at)
                    SELECT p_id, a.tenant, a.id, p_hash, p_scopes, p_label, p_expires FROM accounts a WHERE a.id = p_account AND a.tenant = minerva_tenant();
                RETURN FOUND;
            END $$;
        CREATE FUNCTION minerva_find_token(p_id text)
            RETURNS TABLE(id text, tenant bigint, account bigint, hash bytea, scopes text[], label text, created_at timestamptz, expires_at timestamptz, revoked_at timestamptz)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$ SELECT id, tenant, account, hash, scopes, label, created_at, expires_at, revoked_at FROM api_tokens WHERE id = p_id $$;
        CREATE FUNCTION minerva_revoke_token(p_id text) RETURNS boolean
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$
            BEGIN
                UPDATE api_tokens SET revoked_at = now() WHERE id = p_id AND tenant = minerva_tenant() AND revoked_at IS NULL;
                RETURN FOUND;
            END $$;
        CREATE FUNCTION minerva_tenant_tokens()
            RETURNS TABLE(id text, tenant bigint, account bigint, scopes text[], label text, created_at timestamptz, expires_at timestamptz, revoked_at timestamptz)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
            AS $$ SELECT id, tenant, account, scopes, label, created_at, expires_at, revoked_at FROM api_tokens WHERE tenant = minerva_tenant() ORDER BY created_at $$;

        REVOKE ALL ON accounts, api_tokens FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION minerva_find_account(text), minerva_get_account(bigint), minerva_add_account(text, text, text),
            minerva_tenant_accounts(), minerva_set_account(text, text, boolean), minerva_add_token(text, bigint, bytea, text[], text, timestamptz),
            minerva_find_token(text), minerva_revoke_token(text), minerva_tenant_tokens() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION minerva_find_account(text), minerva_get_account(bigint), minerva_add_account(text, text, text),
            minerva_tenant_accounts(), minerva_set_account(text, text, boolean), minerva_add_token(text, bigint, bytea, text[], text, timestamptz),
            minerva_find_token(text), minerva_revoke_token(text), minerva_tenant_tokens() TO {app};
        """,
        // 6: a record's selectors and revisions by (tenant, record): led by the tenant, as RLS's condition is, so that no
        //    plan can prefer the (tenant, kind, value) index and read every selector of the tenant once per record. It did:
        //    planned while a second tenant's 200,000 fresh records had no statistics yet, a scan of them ran for minutes
        //    instead of the 1.1 s it takes with the right index (team-load benchmark). And the update an image stored again
        //    makes (ON CONFLICT DO UPDATE), which migration 3 did not grant.
        """
        GRANT UPDATE ON images TO {app};
        CREATE INDEX selectors_tenant_record ON selectors(tenant, record_id);
        DROP INDEX selectors_record;
        CREATE INDEX revisions_tenant_record ON revisions(tenant, record_id);
        DROP INDEX revisions_record;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All.Length;
}
