-- Audit log (issue 12, ADR 35): append-only for the runtime role, failed sign-ins of unknown accounts, the admin's
-- filtered pages, the access review across stores, and client addresses truncated after 30 days.

-- Append-only: the runtime role may read (its own entries, by policy) and add entries, naming only who, what, on
-- what and from where: never the time (so no entry can be back-dated), never an UPDATE, DELETE or TRUNCATE. Only the
-- owner (migrations, Maintenance) changes entries: it truncates old addresses.
REVOKE UPDATE, DELETE, TRUNCATE, INSERT ON esm.audit_event FROM ${app_role};
GRANT INSERT (actor_id, action, target, source) ON esm.audit_event TO ${app_role};

-- Addresses of entries older than 30 days are cut to their network (IPv4 /24, IPv6 /48); true once done (or when
-- the source is no address), so that the sweep reads only entries still to do.
ALTER TABLE esm.audit_event ADD COLUMN source_truncated boolean NOT NULL DEFAULT false;
UPDATE esm.audit_event SET source_truncated = true WHERE source IS NULL;
CREATE INDEX audit_event_untruncated_idx ON esm.audit_event (at) WHERE NOT source_truncated;
-- The operator's own pages, newest first by id (keyset), filtered by action.
CREATE INDEX audit_event_actor_id_idx ON esm.audit_event (actor_id, id);
CREATE INDEX audit_event_action_idx ON esm.audit_event (action, id);

-- A sign-in that named no account: written with no actor, seen by platform admins only. The runtime role cannot
-- write an entry without an actor itself (the insert policy wants the acting operator), so this function does, and
-- only this one action.
CREATE FUNCTION esm.audit_unknown_sign_in(p_source text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$ INSERT INTO esm.audit_event (actor_id, action, target, source)
          VALUES (NULL, 'account.sign-in-failed', NULL, p_source) $$;
REVOKE ALL ON FUNCTION esm.audit_unknown_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.audit_unknown_sign_in(text) TO ${app_role};

-- The admin's audit log: filtered by action (exact) and a time range [p_from, p_to), newest first, keyset by id
-- (entries with an id below p_before). Reading it is itself audited.
CREATE FUNCTION esm.admin_audit_page(p_source text, p_action text, p_from timestamptz, p_to timestamptz,
                                     p_before bigint, p_limit integer)
    RETURNS TABLE (id bigint, at timestamptz, actor_email text, action text, target text, source text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.admin_begin('admin.read-audit-log', NULL, p_source);
    RETURN QUERY
        SELECT e.id, e.at, o.email, e.action, e.target, e.source
          FROM esm.audit_event e LEFT JOIN esm.operator o ON o.id = e.actor_id
         WHERE (p_action IS NULL OR e.action = p_action)
           AND (p_from IS NULL OR e.at >= p_from)
           AND (p_to IS NULL OR e.at < p_to)
           AND (p_before IS NULL OR e.id < p_before)
         ORDER BY e.id DESC LIMIT least(greatest(p_limit, 1), 1001);
END $$;

-- The access review across all stores: each store's owner, members (accepted grants) and open invitations, since
-- when. Audited like every admin read.
CREATE FUNCTION esm.admin_store_access(p_source text)
    RETURNS TABLE (store_id uuid, store_name text, marketplace text, role text, email text, name text,
                   since timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.admin_begin('admin.review-access', NULL, p_source);
    RETURN QUERY
        SELECT x.store_id, x.store_name, x.marketplace, x.role, x.email, x.name, x.since FROM (
            SELECT s.id AS store_id, s.name AS store_name, s.marketplace, 'owner'::text AS role, o.email,
                   o.name, s.created_at AS since, 0 AS rank
              FROM esm.store s JOIN esm.operator o ON o.id = s.owner_id
            UNION ALL
            SELECT s.id, s.name, s.marketplace, 'member', o.email, o.name, a.granted_at, 1
              FROM esm.store_access a JOIN esm.store s ON s.id = a.store_id JOIN esm.operator o ON o.id = a.operator_id
            UNION ALL
            SELECT s.id, s.name, s.marketplace, 'invited', i.email, NULL, i.invited_at, 2
              FROM esm.store_invitation i JOIN esm.store s ON s.id = i.store_id
        ) x ORDER BY x.store_name, x.store_id, x.rank, x.since, x.email;
END $$;

-- An address cut to its network: IPv4 to /24 ('203.0.113.7' -> '203.0.113.0'), IPv6 to /48 (a zone dropped); a
-- short internal name (no dot, no colon) as it is; anything else that is not an address is dropped (NULL).
CREATE FUNCTION esm.truncated_address(p_source text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = ''
    AS $$
DECLARE
    address inet;
BEGIN
    IF p_source IS NULL OR p_source !~ '[.:]' THEN
        RETURN p_source;
    END IF;
    address := split_part(p_source, '%', 1)::inet;
    RETURN host(network(set_masklen(address, CASE family(address) WHEN 4 THEN 24 ELSE 48 END)));
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
