-- ESM schema, version 5: what the order list needs at a million orders (issue 3; docs/benchmarks.md, "Order list").
--
-- The list reads each visible store's newest orders from an index led by store_id in the list's own order
-- (ordered_at DESC, id DESC) and merges them, so its cost grows with the stores and the page size, never with the
-- number of orders. These indexes give every filter such a path, and cover what the per-store step reads, so that
-- it is an index-only scan.
-- (Version 4 is another change's number; this one may be applied before it.)

-- ---------------------------------------------------------------------------------------------------------------
-- The order tables' policies, same rules, cheaper form. Version 2 wrote them as `store_id IN (SELECT s.id FROM
-- esm.store s)`, which PostgreSQL expands, for every mention of an order table in a query, into hashed subplans over
-- store and store_access, each with store's own policy nested inside, and which it evaluates for every row read; and
-- the owner's FOR ALL policy applied to reads as well, adding a second such test to every row. Now the acting
-- operator's stores are computed once per statement by a STABLE function (an InitPlan), and the row test is a
-- plain `store_id = ANY (...)` (the cast keeps PostgreSQL from reading the parenthesized SELECT as `= ANY (subquery)`),
-- which is leakproof and can serve as an index condition.
--   visible: the operator's own stores and the stores granted to it (the rule of store_read);
--   owned:   the operator's own stores (sync jobs act as the store's owner).

CREATE FUNCTION esm.visible_store_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
SELECT coalesce(array_agg(s.id), '{}') FROM esm.store s
 WHERE s.owner_id = esm.current_operator_id()
    OR s.id IN (SELECT a.store_id FROM esm.store_access a WHERE a.operator_id = esm.current_operator_id())
$$;

CREATE FUNCTION esm.owned_store_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT coalesce(array_agg(s.id), '{}') FROM esm.store s WHERE s.owner_id = esm.current_operator_id() $$;

REVOKE ALL ON FUNCTION esm.visible_store_ids(), esm.owned_store_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.visible_store_ids(), esm.owned_store_ids() TO ${app_role};

-- ---------------------------------------------------------------------------------------------------------------
-- Indexes and search.

-- Filter by status: per store, in list order.
CREATE INDEX customer_order_store_status_idx ON esm.customer_order (store_id, status, ordered_at DESC, id DESC);

-- Ship-by window (any status): per store by ship-by, covering the list order.
CREATE INDEX customer_order_store_ship_by_idx ON esm.customer_order (store_id, ship_by) INCLUDE (ordered_at, id);

-- Late and at risk (open orders by ship-by): the partial index of version 2, now covering the list order.
DROP INDEX esm.customer_order_ship_by_idx;
CREATE INDEX customer_order_ship_by_idx ON esm.customer_order (store_id, ship_by) INCLUDE (ordered_at, id)
    WHERE status IN ('UNSHIPPED', 'PARTIALLY_SHIPPED');

-- Search by SKU through the lines. Under row-level security PostgreSQL applies the policy before any condition whose
-- operator is not leakproof, so `skus @> array[?]` can never use the GIN index on skus for the runtime role (it
-- filters every visible row); text equality is leakproof, so this index is usable (index-only: it holds order_id).
-- The GIN index on customer_order.skus served no query the runtime role can run (see above) and cost every sync write.
DROP INDEX esm.customer_order_skus_idx;
CREATE INDEX order_line_store_sku_idx ON esm.order_line (store_id, sku) INCLUDE (order_id);

-- Search by buyer name: for the same reason `name_index @> ?` cannot use the GIN index on order_buyer.name_index
-- under row-level security. This function runs the lookup as the owner (whose maintenance policy passes every row)
-- and keeps to the stores the acting operator may read (esm.visible_store_ids(), below).
-- p_terms holds p_words blind-index terms per store, in the order of p_stores; an order matches when its buyer's
-- name index holds all the terms of its store.
CREATE FUNCTION esm.orders_by_buyer_name(p_stores uuid[], p_terms text[], p_words integer) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
SELECT b.order_id
  FROM unnest(p_stores) WITH ORDINALITY AS v(store_id, n)
  CROSS JOIN LATERAL (SELECT b.order_id FROM esm.order_buyer b
                       WHERE b.store_id = v.store_id
                         AND b.name_index @> p_terms[(v.n - 1) * p_words + 1 : v.n * p_words]) b
 WHERE p_words > 0 AND v.store_id = ANY (esm.visible_store_ids())
$$;

REVOKE ALL ON FUNCTION esm.orders_by_buyer_name(uuid[], text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.orders_by_buyer_name(uuid[], text[], integer) TO ${app_role};

-- ---------------------------------------------------------------------------------------------------------------
-- The order tables' policies in that form.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customer_order', 'order_line', 'order_buyer', 'order_status_change', 'order_sync', 'sync_run']
    LOOP
        EXECUTE format('DROP POLICY %I ON esm.%I', t || '_read', t);
        EXECUTE format('DROP POLICY %I ON esm.%I', t || '_owner_write', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR SELECT TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.visible_store_ids())::uuid[]))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR INSERT TO ${app_role} '
                       'WITH CHECK (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_insert', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR UPDATE TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[])) '
                       'WITH CHECK (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_update', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR DELETE TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_delete', t);
    END LOOP;
END $$;
