-- ESM schema, version 21: the buyer-name search of the order list at a million orders while the syncs write (issue 10;
-- docs/benchmarks.md, "Order list API at 1M orders", has the plans before and after).

-- ---------------------------------------------------------------------------------------------------------------
-- Buyer-name search. With GIN's fast update (the default) every insert goes to the index's pending list, and every
-- search reads that whole list until a vacuum or a full list (4 MB) merges it, so under steady sync writes each
-- name search read up to ~500 more pages. Without it an insert updates the index directly (two terms per buyer).
ALTER INDEX esm.order_buyer_name_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('esm.order_buyer_name_idx'::regclass);

-- The lookup itself: a SQL function under SECURITY DEFINER is planned once with its parameters unknown, and that
-- generic plan preferred order_buyer_store_idx (every buyer of the store, then the name filter) to the GIN index.
-- Each store's terms are keyed by that store's index key, so the GIN lookup alone finds (practically) only that
-- store's buyers; OFFSET 0 keeps the store condition out of the lookup (PostgreSQL does not push conditions into a
-- subquery with OFFSET), so it is always the GIN index, then a check of the store. ROWS 10 (instead of the default
-- 1000) tells the list's planner a name matches few orders, so it fetches them by primary key.
CREATE OR REPLACE FUNCTION esm.orders_by_buyer_name(p_stores uuid[], p_terms text[], p_words integer)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' ROWS 10
    AS $$
SELECT b.order_id
  FROM unnest(p_stores) WITH ORDINALITY AS v(store_id, n)
  CROSS JOIN LATERAL (SELECT b.order_id, b.store_id FROM esm.order_buyer b
                       WHERE b.name_index @> p_terms[(v.n - 1) * p_words + 1 : v.n * p_words] OFFSET 0) b
 WHERE p_words > 0 AND b.store_id = v.store_id AND v.store_id = ANY (esm.visible_store_ids())
$$;
