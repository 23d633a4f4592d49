-- ESM schema, version 23 (issue 11, the label panel). Numbered 23: the versions between 20 and 23 belong to other
-- branches.
--
-- sku_package: the package (preset and the weight and dimensions as entered) last used to rate an order with these
-- contents in a store, keyed by the order's SKUs and quantities ("MUG-1 x2 + LID-3 x1", SKUs sorted), so that the label
-- panel proposes it the next time the same contents ship, instead of one preset for everything. Store data
-- like shipment: RLS enabled and forced; read and written by operators with access to the store (a granted teammate
-- ships the store's orders).
CREATE TABLE esm.sku_package (
    store_id    uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    contents    text NOT NULL CHECK (length(contents) BETWEEN 1 AND 500),
    package_id  uuid REFERENCES esm.package_preset (id) ON DELETE SET NULL,
    weight_oz   numeric(8, 2) NOT NULL CHECK (weight_oz > 0 AND weight_oz <= 1120),
    length_in   numeric(6, 2) CHECK (length_in > 0),
    width_in    numeric(6, 2) CHECK (width_in > 0),
    height_in   numeric(6, 2) CHECK (height_in > 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, contents),
    CHECK ((length_in IS NULL) = (width_in IS NULL) AND (width_in IS NULL) = (height_in IS NULL))
);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.sku_package TO ${app_role};

ALTER TABLE esm.sku_package ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.sku_package FORCE ROW LEVEL SECURITY;
CREATE POLICY sku_package_access ON esm.sku_package FOR ALL TO ${app_role}
    USING (store_id IN (SELECT s.id FROM esm.store s))
    WITH CHECK (store_id IN (SELECT s.id FROM esm.store s));
CREATE POLICY sku_package_maintenance ON esm.sku_package FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
