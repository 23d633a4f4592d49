-- ESM schema, version 28 (issue 12, ADR 0032): buyer data is removed for good, and stays removed.
-- order_buyer now belongs to the privacy module. A removed buyer leaves a tombstone: the row stays (so the order
-- writer knows the buyer was removed and never writes it again for that order), holding when and why, no sealed
-- value and no blind-index term of the name.
ALTER TABLE esm.order_buyer
    ALTER COLUMN sealed DROP NOT NULL,
    ADD COLUMN removed_at     timestamptz,
    ADD COLUMN removed_reason text,
    ADD CONSTRAINT order_buyer_removed_reason_check
        CHECK (removed_reason IN ('RETENTION', 'OPERATOR_REQUEST', 'MARKETPLACE_ACCOUNT_DELETION')),
    ADD CONSTRAINT order_buyer_tombstone_check
        CHECK (CASE WHEN removed_at IS NULL THEN sealed IS NOT NULL AND removed_reason IS NULL
                    ELSE sealed IS NULL AND name_index = '{}' AND removed_reason IS NOT NULL END);

-- The buyers still held, for the retention sweep (removed ones are most rows after a while).
CREATE INDEX order_buyer_held_idx ON esm.order_buyer (store_id, order_id) WHERE removed_at IS NULL;

-- Removes the buyer data of these orders, whichever operator's they are (the retention sweep and marketplace
-- deletion notifications act for no operator; an operator's own request is checked by the caller first). Only buyers
-- still held change; returns how many did. Runs in the caller's transaction.
CREATE FUNCTION esm.remove_order_buyers(p_orders uuid[], p_reason text, p_at timestamptz)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
    WITH removed AS (
        UPDATE esm.order_buyer b
           SET sealed = NULL, name_index = '{}', removed_at = p_at, removed_reason = p_reason
         WHERE b.order_id = ANY (p_orders) AND b.removed_at IS NULL
        RETURNING 1)
    SELECT count(*)::integer FROM removed
    $$;
REVOKE ALL ON FUNCTION esm.remove_order_buyers(uuid[], text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.remove_order_buyers(uuid[], text, timestamptz) TO ${app_role};

-- The orders of one marketplace (of the stores p_stores, or of every store when null) whose buyer is still held and
-- whose retention ended before p_cutoff: delivered,
-- shipped (delivery unknown) or cancelled, counted from when the order reached that status (its latest status change
-- to it; the marketplace's last update when none is recorded). At most p_limit (any of them: the sweep repeats until none is
-- left).
CREATE FUNCTION esm.buyers_past_retention(p_marketplace text, p_cutoff timestamptz, p_limit integer,
                                          p_stores uuid[])
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
    SELECT b.order_id
      FROM esm.store s
      JOIN esm.order_buyer b ON b.store_id = s.id AND b.removed_at IS NULL
      JOIN esm.customer_order o ON o.id = b.order_id
     WHERE s.marketplace = p_marketplace
       AND (p_stores IS NULL OR s.id = ANY (p_stores))
       AND o.status IN ('DELIVERED', 'SHIPPED', 'CANCELLED')
       AND coalesce((SELECT max(c.at) FROM esm.order_status_change c
                      WHERE c.order_id = o.id AND c.status = o.status), o.marketplace_updated_at) < p_cutoff
     LIMIT p_limit
    $$;
REVOKE ALL ON FUNCTION esm.buyers_past_retention(text, timestamptz, integer, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.buyers_past_retention(text, timestamptz, integer, uuid[]) TO ${app_role};

-- The sweep's one audit entry acts for no operator: the runtime role may only write entries of its acting operator,
-- so entries of the system itself (actor null) go through this function, with an internal source name only.
CREATE FUNCTION esm.audit_system_event(p_action text, p_target text, p_source text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    IF p_action !~ '^[a-z][a-z0-9.-]{0,63}$' OR p_source !~ '^[a-z][a-z0-9-]{0,31}$' THEN
        RAISE EXCEPTION 'system audit entries take a short action and an internal source name';
    END IF;
    INSERT INTO esm.audit_event (actor_id, action, target, source) VALUES (NULL, p_action, p_target, p_source);
END $$;
REVOKE ALL ON FUNCTION esm.audit_system_event(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.audit_system_event(text, text, text) TO ${app_role};
