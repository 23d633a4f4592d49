-- ESM schema, version 32: each store's listings as its marketplace last described them, and where each store's
-- listing sync stands (issue 13 §1; ADR 36). Store data: RLS enabled and forced; operators with access to the store
-- read it, only the store's owner (whom the sync acts for) writes it, like the order tables since V5.
--
-- A listing has a stable id that later changes (edits, pushes, stock) can reference; (store_id, sku) is the
-- marketplace's own key. The values are the last ones read; nothing here is ESM's intent for the listing. The
-- store's marketplace is copied in (a store never changes marketplace), so the catalog filters without reading the
-- stores module's table. updated_at moves only when a value changed; synced_at with every scan that saw the listing.

CREATE TABLE esm.listing (
    id                  uuid PRIMARY KEY,
    store_id            uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    marketplace         text NOT NULL,
    sku                 text NOT NULL CHECK (length(sku) BETWEEN 1 AND 200),
    marketplace_item_id text CHECK (length(marketplace_item_id) <= 200),
    title               text CHECK (length(title) <= 1000),
    image_url           text CHECK (length(image_url) <= 2000),
    attributes          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    price               numeric(14, 3) CHECK (price >= 0),
    currency            text CHECK (currency ~ '^[A-Z]{3}$'),
    quantity            integer CHECK (quantity >= 0),
    status              text NOT NULL CHECK (status IN ('PUBLISHED', 'UNPUBLISHED')),
    fulfilment          text NOT NULL CHECK (fulfilment IN ('SELLER', 'MARKETPLACE')),
    issues              jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(issues) = 'array'),
    issue_count         integer NOT NULL DEFAULT 0,
    first_seen_at       timestamptz NOT NULL DEFAULT now(),
    synced_at           timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX listing_store_sku_key ON esm.listing (store_id, sku);
-- the catalog's keyset order (SKU, then listing id) and its SKU-prefix search
CREATE INDEX listing_sku_idx ON esm.listing (sku text_pattern_ops, id);
CREATE INDEX listing_title_idx ON esm.listing USING gin (to_tsvector('simple', coalesce(title, '')));

-- Where each store's listing sync stands: the connector's cursor of the scan in progress (null between scans), saved
-- in the same transaction as the page it ends; when that scan began (listings not seen since are gone at the
-- marketplace), and when the next scan is due.
CREATE TABLE esm.listing_sync (
    store_id          uuid PRIMARY KEY REFERENCES esm.store (id) ON DELETE CASCADE,
    cursor            text,
    scan_started_at   timestamptz,
    last_scan_at      timestamptz,
    last_error        text,
    next_sync_at      timestamptz NOT NULL DEFAULT now(),
    running_since     timestamptz,
    pages             integer NOT NULL DEFAULT 0,
    listings_seen     integer NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.listing, esm.listing_sync TO ${app_role};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['listing', 'listing_sync']
    LOOP
        EXECUTE format('ALTER TABLE esm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE esm.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR SELECT TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.visible_store_ids())::uuid[]))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR INSERT TO ${app_role} '
                       'WITH CHECK (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_insert', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR UPDATE TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[])) '
                       'WITH CHECK (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_update', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR DELETE TO ${app_role} '
                       'USING (store_id = ANY ((SELECT esm.owned_store_ids())::uuid[]))', t || '_owner_delete', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)',
                       t || '_maintenance', t);
    END LOOP;
END $$;

-- The stores whose listing sync is due and the owner each sync acts for: ids only. A connected store without a
-- listing_sync row yet is due at once.
CREATE FUNCTION esm.listing_sync_due(p_limit integer)
    RETURNS TABLE (store_id uuid, owner_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
    SELECT s.id, s.owner_id
      FROM esm.store s LEFT JOIN esm.listing_sync ls ON ls.store_id = s.id
     WHERE s.credentials IS NOT NULL AND (ls.store_id IS NULL OR ls.next_sync_at <= now())
     ORDER BY ls.next_sync_at NULLS FIRST
     LIMIT p_limit $$;

REVOKE ALL ON FUNCTION esm.listing_sync_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.listing_sync_due(integer) TO ${app_role};
