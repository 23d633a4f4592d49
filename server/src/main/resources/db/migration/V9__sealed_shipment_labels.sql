-- ESM schema, version 9: label files sealed. A label file (PDF, PNG or ZPL) prints the buyer's name and address, so
-- shipment.label holds it sealed with the store's data key, like order_buyer.sealed (ADR 0012). label_sealed tells a
-- sealed label from one written in clear before this version; the server seals those at start
-- (shipping.internal.LabelSealing), one row per transaction, so a crash midway leaves every row either in clear or
-- sealed and the next start goes on. No code writes a clear label any more, and the database refuses one: the check
-- below is NOT VALID, so it holds for every row written or changed from now on while the old rows wait for sealing.
ALTER TABLE esm.shipment ADD COLUMN label_sealed boolean NOT NULL DEFAULT false;
ALTER TABLE esm.shipment ADD CONSTRAINT shipment_label_sealed_check CHECK (label IS NULL OR label_sealed) NOT VALID;
CREATE INDEX shipment_label_in_clear_idx ON esm.shipment (id) WHERE label IS NOT NULL AND NOT label_sealed;

-- The labels still in clear, across operators, with the operator the sealing acts for (the store's owner, who can
-- see the store's data key); ids only, by id after p_after. The label itself is read acting for that operator.
CREATE FUNCTION esm.shipment_labels_in_clear(p_after uuid, p_limit integer)
    RETURNS TABLE (shipment_id uuid, operator_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
        SELECT sh.id, s.owner_id FROM esm.shipment sh JOIN esm.store s ON s.id = sh.store_id
         WHERE sh.label IS NOT NULL AND NOT sh.label_sealed AND sh.id > p_after
         ORDER BY sh.id LIMIT p_limit
    $$;

REVOKE ALL ON FUNCTION esm.shipment_labels_in_clear(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.shipment_labels_in_clear(uuid, integer) TO ${app_role};
