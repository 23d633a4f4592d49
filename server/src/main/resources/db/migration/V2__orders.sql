-- ESM schema, version 2: orders synced from the marketplaces, their lines, buyers (sealed), status history, and
-- each store's sync position and history. Every table is store data: RLS enabled and forced; operators with access
-- to the store read it, only the store's owner (whom sync jobs act for) writes it.

CREATE TABLE esm.customer_order (
    id                     uuid PRIMARY KEY,
    store_id               uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    marketplace_order_id   text NOT NULL,
    status                 text NOT NULL,
    marketplace_status     text NOT NULL,
    ordered_at             timestamptz NOT NULL,
    ship_by                timestamptz,
    deliver_by             timestamptz,
    marketplace_updated_at timestamptz NOT NULL,
    currency               text NOT NULL,
    total                  numeric(14, 2) NOT NULL,
    skus                   text[] NOT NULL,
    content_hash           bytea NOT NULL,
    first_seen_at          timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_order_store_key ON esm.customer_order (store_id, marketplace_order_id);
CREATE INDEX customer_order_recent_idx ON esm.customer_order (store_id, ordered_at DESC, id DESC);
CREATE INDEX customer_order_ship_by_idx ON esm.customer_order (store_id, ship_by) WHERE status IN ('UNSHIPPED', 'PARTIALLY_SHIPPED');
CREATE INDEX customer_order_skus_idx ON esm.customer_order USING gin (skus);

CREATE TABLE esm.order_line (
    order_id    uuid NOT NULL REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    store_id    uuid NOT NULL,
    line_number text NOT NULL,
    sku         text,
    title       text,
    quantity    integer NOT NULL,
    unit_price  numeric(14, 2) NOT NULL,
    status      text NOT NULL,
    PRIMARY KEY (order_id, line_number)
);
CREATE INDEX order_line_store_idx ON esm.order_line (store_id);

-- The buyer's name, address and phone, sealed by the store's data key; name_index holds keyed hashes of the name's
-- words for search. Anonymizing an order deletes this one row.
CREATE TABLE esm.order_buyer (
    order_id   uuid PRIMARY KEY REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    store_id   uuid NOT NULL,
    sealed     bytea NOT NULL,
    name_index text[] NOT NULL
);
CREATE INDEX order_buyer_store_idx ON esm.order_buyer (store_id);
CREATE INDEX order_buyer_name_idx ON esm.order_buyer USING gin (name_index);

CREATE TABLE esm.order_status_change (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id           uuid NOT NULL REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    store_id           uuid NOT NULL,
    at                 timestamptz NOT NULL,
    status             text NOT NULL,
    marketplace_status text NOT NULL
);
CREATE INDEX order_status_change_order_idx ON esm.order_status_change (order_id, at);
CREATE INDEX order_status_change_store_idx ON esm.order_status_change (store_id);

-- Where each store's order sync stands: the connector's cursor, saved in the same transaction as the page it ends.
CREATE TABLE esm.order_sync (
    store_id        uuid PRIMARY KEY REFERENCES esm.store (id) ON DELETE CASCADE,
    cursor          text,
    last_success_at timestamptz,
    last_error      text,
    problem         text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE esm.sync_run (
    id               uuid PRIMARY KEY,
    store_id         uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    outcome          text NOT NULL,
    pages            integer NOT NULL DEFAULT 0,
    orders_seen      integer NOT NULL DEFAULT 0,
    orders_changed   integer NOT NULL DEFAULT 0,
    rate_limit_waits integer NOT NULL DEFAULT 0,
    retries          integer NOT NULL DEFAULT 0,
    error            text
);
CREATE INDEX sync_run_store_idx ON esm.sync_run (store_id, started_at DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.customer_order, esm.order_line, esm.order_buyer, esm.order_status_change,
    esm.order_sync, esm.sync_run TO ${app_role};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customer_order', 'order_line', 'order_buyer', 'order_status_change', 'order_sync', 'sync_run']
    LOOP
        EXECUTE format('ALTER TABLE esm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE esm.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR SELECT TO ${app_role} '
                       'USING (store_id IN (SELECT s.id FROM esm.store s))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO ${app_role} '
                       'USING (store_id IN (SELECT s.id FROM esm.store s WHERE s.owner_id = (SELECT esm.current_operator_id()))) '
                       'WITH CHECK (store_id IN (SELECT s.id FROM esm.store s WHERE s.owner_id = (SELECT esm.current_operator_id())))',
                       t || '_owner_write', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)',
                       t || '_maintenance', t);
    END LOOP;
END $$;

-- A second key per store, for keyed hashes (blind indexes) of searchable personal data, wrapped like the data key.
ALTER TABLE esm.data_key ADD COLUMN wrapped_index_key bytea;

-- Key rotation now re-wraps both keys of a store.
DROP FUNCTION esm.admin_data_keys_to_rewrap(bigint, integer);
DROP FUNCTION esm.admin_rewrap_data_key(uuid, bytea, bigint, bytea);

CREATE FUNCTION esm.admin_data_keys_to_rewrap(p_current_master bigint, p_limit integer)
    RETURNS TABLE (id uuid, store_id uuid, wrapped bytea, wrapped_index_key bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.require_platform_admin();
    RETURN QUERY SELECT k.id, k.store_id, k.wrapped, k.wrapped_index_key FROM esm.data_key k
                  WHERE k.master_key_id <> p_current_master ORDER BY k.id LIMIT p_limit;
END $$;

CREATE FUNCTION esm.admin_rewrap_data_key(p_id uuid, p_old bytea, p_master bigint, p_wrapped bytea,
                                          p_wrapped_index_key bytea) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    PERFORM esm.require_platform_admin();
    UPDATE esm.data_key SET master_key_id = p_master, wrapped = p_wrapped, wrapped_index_key = p_wrapped_index_key,
                            rewrapped_at = now()
     WHERE id = p_id AND wrapped = p_old;
    RETURN FOUND;
END $$;

REVOKE ALL ON FUNCTION esm.admin_data_keys_to_rewrap(bigint, integer),
    esm.admin_rewrap_data_key(uuid, bytea, bigint, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.admin_data_keys_to_rewrap(bigint, integer),
    esm.admin_rewrap_data_key(uuid, bytea, bigint, bytea, bytea) TO ${app_role};
