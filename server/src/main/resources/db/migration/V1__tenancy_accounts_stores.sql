-- ESM schema, version 1: operators, stores, grants, data keys, API tokens, audit, sessions.
--
-- Roles (see docs/architecture.md, "Tenancy"):
--   * the role running this migration (the owner) owns every object;
--   * ${app_role}, the runtime role, owns nothing, has no BYPASSRLS, and reaches tenant rows only through the
--     policies below, which key on the acting operator that each transaction sets in esm.operator_id.
-- Every table holding operator or store data has row-level security enabled AND forced, so the owner is filtered
-- too. The owner's own policies (named *_maintenance) exist for the SECURITY DEFINER functions at the end: the
-- sign-in lookup and the audited admin path. Nothing else reads across tenants.

REVOKE ALL ON SCHEMA esm FROM PUBLIC;
GRANT USAGE ON SCHEMA esm TO ${app_role};

-- The acting operator; '' after a SET LOCAL has ended reads as NULL, so an unset operator matches nothing.
CREATE FUNCTION esm.current_operator_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('esm.operator_id', true), '')::uuid $$;

CREATE TABLE esm.operator (
    id             uuid PRIMARY KEY,
    email          text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash  text NOT NULL,
    platform_admin boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX operator_email_key ON esm.operator (email);

CREATE TABLE esm.store (
    id          uuid PRIMARY KEY,
    owner_id    uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    marketplace text NOT NULL CHECK (marketplace IN ('WALMART', 'AMAZON', 'EBAY')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    credentials bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX store_owner_idx ON esm.store (owner_id, created_at);
CREATE UNIQUE INDEX store_id_owner_key ON esm.store (id, owner_id);

-- store_owner_id repeats store.owner_id so that the policies of store and store_access never refer to each other;
-- the composite foreign key (checked by PostgreSQL regardless of policies) keeps the copy true.
CREATE TABLE esm.store_access (
    store_id       uuid NOT NULL,
    operator_id    uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    store_owner_id uuid NOT NULL,
    granted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, operator_id),
    FOREIGN KEY (store_id, store_owner_id) REFERENCES esm.store (id, owner_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK (operator_id <> store_owner_id)
);
CREATE INDEX store_access_operator_idx ON esm.store_access (operator_id);
CREATE INDEX store_access_owner_idx ON esm.store_access (store_owner_id);

-- One data-encryption key per store, as a Tink keyset encrypted by the master key (envelope encryption).
CREATE TABLE esm.data_key (
    id            uuid PRIMARY KEY,
    store_id      uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    master_key_id bigint NOT NULL,
    wrapped       bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    rewrapped_at  timestamptz
);
CREATE UNIQUE INDEX data_key_store_key ON esm.data_key (store_id);
CREATE INDEX data_key_master_idx ON esm.data_key (master_key_id);

CREATE TABLE esm.api_token (
    id           uuid PRIMARY KEY,
    operator_id  uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL,
    hint         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE UNIQUE INDEX api_token_hash_key ON esm.api_token (token_hash);
CREATE INDEX api_token_operator_idx ON esm.api_token (operator_id);

-- Who did what, when, from where. Kept when the actor's account goes (no foreign key).
CREATE TABLE esm.audit_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor_id  uuid,
    action    text NOT NULL,
    target    text,
    source    text
);
CREATE INDEX audit_event_actor_idx ON esm.audit_event (actor_id, at);
CREATE INDEX audit_event_at_idx ON esm.audit_event (at);

-- Platform tables without operator data. login_throttle holds only keyed hashes of emails and addresses.
CREATE TABLE esm.login_throttle (
    key_hash     bytea PRIMARY KEY,
    failures     integer NOT NULL,
    window_start timestamptz NOT NULL
);

CREATE TABLE esm.spring_session (
    primary_id            char(36) NOT NULL,
    session_id            char(36) NOT NULL,
    creation_time         bigint NOT NULL,
    last_access_time      bigint NOT NULL,
    max_inactive_interval integer NOT NULL,
    expiry_time           bigint NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON esm.spring_session (session_id);
CREATE INDEX spring_session_ix2 ON esm.spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON esm.spring_session (principal_name);

CREATE TABLE esm.spring_session_attributes (
    session_primary_id char(36) NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES esm.spring_session (primary_id) ON DELETE CASCADE
);

-- ---------------------------------------------------------------------------------------------------------------
-- Grants: the runtime role gets data rights only; policies then decide which rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON esm.store, esm.store_access, esm.data_key, esm.api_token TO ${app_role};
-- an operator may change its own name, email and password, never its platform-admin flag
GRANT SELECT, INSERT, DELETE, UPDATE (email, name, password_hash, updated_at) ON esm.operator TO ${app_role};
GRANT SELECT, INSERT ON esm.audit_event TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON esm.login_throttle, esm.spring_session, esm.spring_session_attributes
    TO ${app_role};

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security.
ALTER TABLE esm.operator ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.operator FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.store ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.store FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.store_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.store_access FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.data_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.data_key FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.api_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.api_token FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.audit_event FORCE ROW LEVEL SECURITY;

-- store_access: the grantee and the store's owner see a grant; only the owner adds one (the foreign key proves the
-- ownership); either ends it.
CREATE POLICY store_access_read ON esm.store_access FOR SELECT TO ${app_role}
    USING (operator_id = (SELECT esm.current_operator_id()) OR store_owner_id = (SELECT esm.current_operator_id()));
CREATE POLICY store_access_grant ON esm.store_access FOR INSERT TO ${app_role}
    WITH CHECK (store_owner_id = (SELECT esm.current_operator_id()));
CREATE POLICY store_access_revoke ON esm.store_access FOR DELETE TO ${app_role}
    USING (operator_id = (SELECT esm.current_operator_id()) OR store_owner_id = (SELECT esm.current_operator_id()));

-- store: visible to its owner and to operators granted it; changed only by its owner.
CREATE POLICY store_read ON esm.store FOR SELECT TO ${app_role}
    USING (owner_id = (SELECT esm.current_operator_id()) OR id IN (SELECT a.store_id FROM esm.store_access a));
CREATE POLICY store_insert ON esm.store FOR INSERT TO ${app_role}
    WITH CHECK (owner_id = (SELECT esm.current_operator_id()));
CREATE POLICY store_update ON esm.store FOR UPDATE TO ${app_role}
    USING (owner_id = (SELECT esm.current_operator_id())) WITH CHECK (owner_id = (SELECT esm.current_operator_id()));
CREATE POLICY store_delete ON esm.store FOR DELETE TO ${app_role}
    USING (owner_id = (SELECT esm.current_operator_id()));

-- operator: an operator sees itself, the owners of stores granted to it and the operators it granted stores to.
CREATE POLICY operator_read ON esm.operator FOR SELECT TO ${app_role}
    USING (id = (SELECT esm.current_operator_id())
           OR id IN (SELECT a.store_owner_id FROM esm.store_access a)
           OR id IN (SELECT a.operator_id FROM esm.store_access a));
CREATE POLICY operator_insert ON esm.operator FOR INSERT TO ${app_role}
    WITH CHECK (id = (SELECT esm.current_operator_id()) AND NOT platform_admin);
CREATE POLICY operator_update ON esm.operator FOR UPDATE TO ${app_role}
    USING (id = (SELECT esm.current_operator_id())) WITH CHECK (id = (SELECT esm.current_operator_id()));
CREATE POLICY operator_delete ON esm.operator FOR DELETE TO ${app_role}
    USING (id = (SELECT esm.current_operator_id()));

-- data_key: the keys of the stores the operator can see.
CREATE POLICY data_key_store ON esm.data_key FOR ALL TO ${app_role}
    USING (store_id IN (SELECT s.id FROM esm.store s))
    WITH CHECK (store_id IN (SELECT s.id FROM esm.store s));

-- api_token: an operator's own tokens.
CREATE POLICY api_token_own ON esm.api_token FOR ALL TO ${app_role}
    USING (operator_id = (SELECT esm.current_operator_id()))
    WITH CHECK (operator_id = (SELECT esm.current_operator_id()));

-- audit_event: an operator writes and reads its own entries.
CREATE POLICY audit_event_own_read ON esm.audit_event FOR SELECT TO ${app_role}
    USING (actor_id = (SELECT esm.current_operator_id()));
CREATE POLICY audit_event_own_write ON esm.audit_event FOR INSERT TO ${app_role}
    WITH CHECK (actor_id = (SELECT esm.current_operator_id()));

-- The owner's maintenance policies, used by the SECURITY DEFINER functions below and by migrations.
CREATE POLICY operator_maintenance ON esm.operator FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY store_maintenance ON esm.store FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY store_access_maintenance ON esm.store_access FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY data_key_maintenance ON esm.data_key FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY api_token_maintenance ON esm.api_token FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY audit_event_maintenance ON esm.audit_event FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- ---------------------------------------------------------------------------------------------------------------
-- SECURITY DEFINER functions: the only reads across tenants. Each runs as the owner with an empty search path.

-- Sign-in: the one account with this email, before anyone is signed in.
CREATE FUNCTION esm.sign_in_lookup(p_email text)
    RETURNS TABLE (id uuid, email text, name text, password_hash text, platform_admin boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT o.id, o.email, o.name, o.password_hash, o.platform_admin FROM esm.operator o WHERE o.email = p_email $$;

-- API token: the operator a token hash belongs to.
CREATE FUNCTION esm.api_token_lookup(p_hash bytea)
    RETURNS TABLE (token_id uuid, id uuid, email text, name text, platform_admin boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT t.id, o.id, o.email, o.name, o.platform_admin
            FROM esm.api_token t JOIN esm.operator o ON o.id = t.operator_id WHERE t.token_hash = p_hash $$;

-- Granting a store: the id of the operator with this email; only for a signed-in operator.
CREATE FUNCTION esm.operator_id_by_email(p_email text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT o.id FROM esm.operator o WHERE o.email = p_email AND esm.current_operator_id() IS NOT NULL $$;

-- The audited admin path: each call checks that the acting operator is a platform admin and writes an audit entry.
CREATE FUNCTION esm.require_platform_admin() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM esm.operator o WHERE o.id = esm.current_operator_id() AND o.platform_admin) THEN
        RAISE EXCEPTION 'not a platform admin' USING ERRCODE = '42501';
    END IF;
END $$;

CREATE FUNCTION esm.admin_begin(p_action text, p_target text, p_source text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.require_platform_admin();
    INSERT INTO esm.audit_event (actor_id, action, target, source)
    VALUES (esm.current_operator_id(), p_action, p_target, p_source);
END $$;

CREATE FUNCTION esm.admin_operators(p_source text)
    RETURNS TABLE (id uuid, email text, name text, platform_admin boolean, stores bigint, created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.admin_begin('admin.list-operators', NULL, p_source);
    RETURN QUERY
        SELECT o.id, o.email, o.name, o.platform_admin,
               (SELECT count(*) FROM esm.store s WHERE s.owner_id = o.id), o.created_at
          FROM esm.operator o ORDER BY o.created_at, o.id;
END $$;

CREATE FUNCTION esm.admin_stores(p_source text)
    RETURNS TABLE (id uuid, name text, marketplace text, owner_email text, credentials_set boolean,
                   grants bigint, created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.admin_begin('admin.list-stores', NULL, p_source);
    RETURN QUERY
        SELECT s.id, s.name, s.marketplace, o.email, s.credentials IS NOT NULL,
               (SELECT count(*) FROM esm.store_access a WHERE a.store_id = s.id), s.created_at
          FROM esm.store s JOIN esm.operator o ON o.id = s.owner_id ORDER BY s.created_at, s.id;
END $$;

CREATE FUNCTION esm.admin_audit_events(p_source text, p_limit integer)
    RETURNS TABLE (id bigint, at timestamptz, actor_email text, action text, target text, source text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.admin_begin('admin.read-audit-log', NULL, p_source);
    RETURN QUERY
        SELECT e.id, e.at, o.email, e.action, e.target, e.source
          FROM esm.audit_event e LEFT JOIN esm.operator o ON o.id = e.actor_id
         ORDER BY e.id DESC LIMIT least(greatest(p_limit, 1), 1000);
END $$;

-- Key rotation: the data keys not yet wrapped under the current master key, and their re-wrapped form.
CREATE FUNCTION esm.admin_data_keys_to_rewrap(p_current_master bigint, p_limit integer)
    RETURNS TABLE (id uuid, store_id uuid, wrapped bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.require_platform_admin();
    RETURN QUERY SELECT k.id, k.store_id, k.wrapped FROM esm.data_key k
                  WHERE k.master_key_id <> p_current_master ORDER BY k.id LIMIT p_limit;
END $$;

CREATE FUNCTION esm.admin_rewrap_data_key(p_id uuid, p_old bytea, p_master bigint, p_wrapped bytea) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.require_platform_admin();
    UPDATE esm.data_key SET master_key_id = p_master, wrapped = p_wrapped, rewrapped_at = now()
     WHERE id = p_id AND wrapped = p_old;
    RETURN FOUND;
END $$;

REVOKE ALL ON FUNCTION esm.require_platform_admin() FROM PUBLIC;
REVOKE ALL ON FUNCTION esm.sign_in_lookup(text), esm.api_token_lookup(bytea), esm.operator_id_by_email(text),
    esm.admin_begin(text, text, text), esm.admin_operators(text), esm.admin_stores(text),
    esm.admin_audit_events(text, integer), esm.admin_data_keys_to_rewrap(bigint, integer),
    esm.admin_rewrap_data_key(uuid, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.sign_in_lookup(text), esm.api_token_lookup(bytea), esm.operator_id_by_email(text),
    esm.admin_begin(text, text, text), esm.admin_operators(text), esm.admin_stores(text),
    esm.admin_audit_events(text, integer), esm.admin_data_keys_to_rewrap(bigint, integer),
    esm.admin_rewrap_data_key(uuid, bytea, bigint, bytea) TO ${app_role};
GRANT EXECUTE ON FUNCTION esm.current_operator_id() TO ${app_role};
