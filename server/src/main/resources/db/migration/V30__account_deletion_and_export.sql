-- ESM schema, version 30: an operator deletes their own account and exports their data (issue 12 §3, ADR 34).
--
-- Deletion: the confirmed request marks the operator (deletion_requested_at) in the transaction that ends its sessions
-- and API tokens and enqueues the account-deletion job (platform.jobs); from that commit on neither the sign-in
-- lookup nor the API token lookup finds the account, so it is refused like an unknown one. The job removes the rest
-- and finally the operator row.
ALTER TABLE esm.operator ADD COLUMN deletion_requested_at timestamptz;
GRANT UPDATE (deletion_requested_at) ON esm.operator TO ${app_role};

CREATE OR REPLACE FUNCTION esm.sign_in_lookup(p_email text)
    RETURNS TABLE (id uuid, email text, name text, password_hash text, platform_admin boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT o.id, o.email, o.name, o.password_hash, o.platform_admin FROM esm.operator o
           WHERE o.email = p_email AND o.deletion_requested_at IS NULL $$;

CREATE OR REPLACE FUNCTION esm.api_token_lookup(p_hash bytea)
    RETURNS TABLE (token_id uuid, id uuid, email text, name text, platform_admin boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT t.id, o.id, o.email, o.name, o.platform_admin
            FROM esm.api_token t JOIN esm.operator o ON o.id = t.operator_id
           WHERE t.token_hash = p_hash AND o.deletion_requested_at IS NULL $$;

-- Export: one row per "export my data", built by the account-export job. The ZIP is sealed under a key of its own
-- (wrapped by the master key, kept in wrapped_key): deleting the row destroys the file. It is downloadable until
-- expires_at (24 h after it was ready); esm.account_exports_expire() then deletes it (a recurring task).
CREATE TABLE esm.account_export (
    id          uuid PRIMARY KEY,
    operator_id uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    state       text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'BUILDING', 'READY', 'FAILED')),
    parts_done  integer NOT NULL DEFAULT 0,
    parts_total integer NOT NULL DEFAULT 0,
    wrapped_key bytea,
    sealed      bytea,
    size_bytes  bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    ready_at    timestamptz,
    expires_at  timestamptz
);
CREATE INDEX account_export_operator_idx ON esm.account_export (operator_id, created_at DESC);
CREATE INDEX account_export_expires_idx ON esm.account_export (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.account_export TO ${app_role};
ALTER TABLE esm.account_export ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.account_export FORCE ROW LEVEL SECURITY;
CREATE POLICY account_export_own ON esm.account_export FOR ALL TO ${app_role}
    USING (operator_id = (SELECT esm.current_operator_id()))
    WITH CHECK (operator_id = (SELECT esm.current_operator_id()));
CREATE POLICY account_export_maintenance ON esm.account_export FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- The one cross-tenant change of exports: expired files are deleted, whoever they belong to.
CREATE FUNCTION esm.account_exports_expire() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM esm.account_export e WHERE e.expires_at < now();
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END $$;
REVOKE ALL ON FUNCTION esm.account_exports_expire() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.account_exports_expire() TO ${app_role};
