-- ESM schema, version 29: marketplace account deletion notifications (issue 12 §4, ADR 0033).

-- 1. Which marketplace account bought an order, as keyed hashes with the store's index key (purpose buyer-account):
--    written by the order sync beside the sealed buyer, so a deletion notice naming the account finds every order of
--    it without the account id being stored. Emptied with the rest of the buyer's data.
ALTER TABLE esm.order_buyer ADD COLUMN account_index text[] NOT NULL DEFAULT '{}';
CREATE INDEX order_buyer_account_idx ON esm.order_buyer USING gin (account_index) WITH (fastupdate = off);
-- a removed buyer (V28's tombstone) keeps no account hash either; its removal empties it with the rest
ALTER TABLE esm.order_buyer ADD CONSTRAINT order_buyer_tombstone_account_check
    CHECK (removed_at IS NULL OR account_index = '{}');
CREATE OR REPLACE FUNCTION esm.remove_order_buyers(p_orders uuid[], p_reason text, p_at timestamptz)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
    WITH removed AS (
        UPDATE esm.order_buyer b
           SET sealed = NULL, name_index = '{}', account_index = '{}', removed_at = p_at, removed_reason = p_reason
         WHERE b.order_id = ANY (p_orders) AND b.removed_at IS NULL
        RETURNING 1)
    SELECT count(*)::integer FROM removed
    $$;

-- The orders of one store whose buyer account has one of the hashes. A definer function for the reason of
-- orders_by_buyer_name (V5): `&&` is not leakproof, so under row-level security the GIN index could not be used and
-- every buyer of the store would be read. It keeps to the stores the acting operator may read.
CREATE FUNCTION esm.orders_by_buyer_account(p_store uuid, p_hashes text[])
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
SELECT b.order_id FROM esm.order_buyer b
 WHERE b.account_index && p_hashes AND b.store_id = p_store AND p_store = ANY (esm.visible_store_ids())
$$;
REVOKE ALL ON FUNCTION esm.orders_by_buyer_account(uuid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.orders_by_buyer_account(uuid, text[]) TO ${app_role};

-- 2. Why a store lost its connection when ESM (not its owner) disconnected it: the marketplace said the seller's
--    account was closed. Shown on the store page; cleared when the owner connects it again.
ALTER TABLE esm.store ADD COLUMN disconnected_at timestamptz,
    ADD COLUMN disconnected_reason text CHECK (length(disconnected_reason) <= 200);

-- The stores of one marketplace with their owner and seller key (ids and hashes only): a deletion notice is
-- matched against every store of the marketplace, whoever owns it.
CREATE FUNCTION esm.stores_of_marketplace(p_marketplace text)
    RETURNS TABLE (store_id uuid, owner_id uuid, seller_key text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT s.id, s.owner_id, s.seller_key FROM esm.store s WHERE s.marketplace = p_marketplace $$;
REVOKE ALL ON FUNCTION esm.stores_of_marketplace(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.stores_of_marketplace(text) TO ${app_role};

-- 3. The receipt of each verified notice, once per (marketplace, notification id): the account ids sealed by the
--    master key (no store's key applies) until the notice's job has removed what they name, then dropped; afterwards
--    the row keeps only what was done. A platform table without row-level security: it names no operator and its
--    job acts for none (it acts for each store's owner in turn).
CREATE TABLE esm.account_deletion_notice (
    id                  uuid PRIMARY KEY,
    marketplace         text NOT NULL,
    notification_id     text NOT NULL CHECK (length(notification_id) BETWEEN 1 AND 200),
    event_at            timestamptz,
    received_at         timestamptz NOT NULL DEFAULT now(),
    accounts            bytea,
    processed_at        timestamptz,
    orders_erased       integer NOT NULL DEFAULT 0,
    stores_disconnected integer NOT NULL DEFAULT 0,
    duplicates          integer NOT NULL DEFAULT 0,
    UNIQUE (marketplace, notification_id),
    CHECK (processed_at IS NULL OR accounts IS NULL)
);
GRANT SELECT, INSERT, UPDATE ON esm.account_deletion_notice TO ${app_role};

-- 4. A job may act for no operator (a notice's job works across operators, acting for each store's owner itself).
ALTER TABLE esm.job ALTER COLUMN owner_id DROP NOT NULL;
