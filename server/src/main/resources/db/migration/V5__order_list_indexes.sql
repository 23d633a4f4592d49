-- ESM schema, version 5: what the order list needs at a million orders (issue 3; docs/benchmarks.md, "Order list").
--
-- The list reads each visible store's newest orders from an index led by store_id in the list's own order
-- (ordered_at DESC, id DESC) and merges them, so its cost grows with the stores and the page size, never with the
-- number of orders. These indexes give every filter such a path, and cover what the per-store step reads, so that
-- it is an index-only scan.
-- (Version 4 is another change's number; this one may be applied before it.)

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
-- filters every visible row); text equality is leakproof, so this index is usable.
CREATE INDEX order_line_store_sku_idx ON esm.order_line (store_id, sku);

-- Search by buyer name: for the same reason `name_index @> ?` cannot use the GIN index on order_buyer.name_index
-- under row-level security. This function runs the lookup as the owner (whose maintenance policy passes every row)
-- and applies the read rule of store_read itself: the acting operator's own stores and the stores granted to it.
-- p_terms holds p_words blind-index terms per store, in the order of p_stores; an order matches when its buyer's
-- name index holds all the terms of its store.
CREATE FUNCTION esm.orders_by_buyer_name(p_stores uuid[], p_terms text[], p_words integer) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
SELECT b.order_id
  FROM unnest(p_stores) WITH ORDINALITY AS v(store_id, n)
  JOIN esm.store s ON s.id = v.store_id
  CROSS JOIN LATERAL (SELECT b.order_id FROM esm.order_buyer b
                       WHERE b.store_id = v.store_id
                         AND b.name_index @> p_terms[(v.n - 1) * p_words + 1 : v.n * p_words]) b
 WHERE esm.current_operator_id() IS NOT NULL
   AND p_words > 0
   AND (s.owner_id = esm.current_operator_id()
        OR EXISTS (SELECT 1 FROM esm.store_access a
                    WHERE a.store_id = s.id AND a.operator_id = esm.current_operator_id()))
$$;

REVOKE ALL ON FUNCTION esm.orders_by_buyer_name(uuid[], text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.orders_by_buyer_name(uuid[], text[], integer) TO ${app_role};
