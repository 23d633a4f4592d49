-- ESM schema, version 34 (issue 11 parts 6 and 2, ADR 37): ship-from addresses and package presets belong to the operator
-- (the stores' owner) and are shared by all of the operator's stores; each store keeps its own defaults (default
-- ship-from address, default package) in shipping_settings. Numbered 34: versions 28 to 33 belong to other branches.
--
-- Data move, nothing lost: every address and preset gets its store's owner as operator_id. Rows of one operator that
-- are identical in every field the seller entered (an address entered again for a second store) become one row; the
-- shipments, remembered packages and store defaults that pointed at a duplicate point at the row kept. Presets of one
-- operator with the same name but different sizes stay apart: the later ones are renamed "<name> (2)", "(3)", ...
-- (names are unique per operator from now on). A store's former default address becomes its default ship-from.
--
-- RLS: the operator reads and writes its own rows; an operator with access to one of the owner's stores (a granted
-- teammate) reads the owner's shared rows, since labels of that store ship from them. Maintenance as before.

ALTER TABLE esm.ship_from_address ADD COLUMN operator_id uuid REFERENCES esm.operator (id) ON DELETE CASCADE;
ALTER TABLE esm.package_preset ADD COLUMN operator_id uuid REFERENCES esm.operator (id) ON DELETE CASCADE;
UPDATE esm.ship_from_address a SET operator_id = s.owner_id FROM esm.store s WHERE s.id = a.store_id;
UPDATE esm.package_preset p SET operator_id = s.owner_id FROM esm.store s WHERE s.id = p.store_id;

ALTER TABLE esm.shipping_settings
    ADD COLUMN default_ship_from_id uuid REFERENCES esm.ship_from_address (id) ON DELETE SET NULL,
    ADD COLUMN default_package_id uuid REFERENCES esm.package_preset (id) ON DELETE SET NULL;

-- every store with addresses gets a settings row to hold its default
INSERT INTO esm.shipping_settings (store_id)
SELECT DISTINCT a.store_id FROM esm.ship_from_address a
ON CONFLICT (store_id) DO NOTHING;
UPDATE esm.shipping_settings st SET default_ship_from_id = a.id
FROM esm.ship_from_address a WHERE a.store_id = st.store_id AND a.is_default;

-- identical addresses of one operator: keep the oldest (PARTITION BY treats NULLs as equal)
UPDATE esm.shipment sh SET ship_from_id = t.keep_id
  FROM (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, label, name, company, street1, street2, city,
                                                      state, zip, country, phone ORDER BY created_at, id) AS keep_id
          FROM esm.ship_from_address) w WHERE id <> keep_id) t WHERE sh.ship_from_id = t.id;
UPDATE esm.label_batch_item i SET ship_from_id = t.keep_id
  FROM (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, label, name, company, street1, street2, city,
                                                      state, zip, country, phone ORDER BY created_at, id) AS keep_id
          FROM esm.ship_from_address) w WHERE id <> keep_id) t WHERE i.ship_from_id = t.id;
UPDATE esm.shipping_settings st SET default_ship_from_id = t.keep_id
  FROM (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, label, name, company, street1, street2, city,
                                                      state, zip, country, phone ORDER BY created_at, id) AS keep_id
          FROM esm.ship_from_address) w WHERE id <> keep_id) t WHERE st.default_ship_from_id = t.id;
DELETE FROM esm.ship_from_address a
 USING (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, label, name, company, street1, street2, city,
                                                      state, zip, country, phone ORDER BY created_at, id) AS keep_id
          FROM esm.ship_from_address) w WHERE id <> keep_id) t WHERE a.id = t.id;

-- identical presets of one operator (same name ignoring case, same weight and size): keep the oldest
UPDATE esm.sku_package m SET package_id = t.keep_id
  FROM (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, lower(name), weight_oz, length_in, width_in,
                                                      height_in ORDER BY created_at, id) AS keep_id
          FROM esm.package_preset) w WHERE id <> keep_id) t WHERE m.package_id = t.id;
UPDATE esm.label_batch_item i SET package_id = t.keep_id
  FROM (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, lower(name), weight_oz, length_in, width_in,
                                                      height_in ORDER BY created_at, id) AS keep_id
          FROM esm.package_preset) w WHERE id <> keep_id) t WHERE i.package_id = t.id;
DELETE FROM esm.package_preset p
 USING (SELECT id, keep_id FROM (
        SELECT id, first_value(id) OVER (PARTITION BY operator_id, lower(name), weight_oz, length_in, width_in,
                                                      height_in ORDER BY created_at, id) AS keep_id
          FROM esm.package_preset) w WHERE id <> keep_id) t WHERE p.id = t.id;

-- same name, different package: the later ones get a number
DO $$
DECLARE
    r record;
    n integer;
    candidate text;
BEGIN
    FOR r IN SELECT id, operator_id, name FROM (
                 SELECT id, operator_id, name,
                        row_number() OVER (PARTITION BY operator_id, lower(name) ORDER BY created_at, id) AS k
                 FROM esm.package_preset) t
             WHERE k > 1 ORDER BY operator_id, lower(name), k
    LOOP
        n := 2;
        LOOP
            candidate := left(r.name, 52) || ' (' || n || ')';
            EXIT WHEN NOT EXISTS (SELECT 1 FROM esm.package_preset p
                                  WHERE p.operator_id = r.operator_id AND lower(p.name) = lower(candidate));
            n := n + 1;
        END LOOP;
        UPDATE esm.package_preset SET name = candidate WHERE id = r.id;
    END LOOP;
END $$;

DROP POLICY ship_from_address_read ON esm.ship_from_address;
DROP POLICY ship_from_address_owner_write ON esm.ship_from_address;
DROP POLICY package_preset_read ON esm.package_preset;
DROP POLICY package_preset_owner_write ON esm.package_preset;

DROP INDEX esm.package_preset_name_key;
ALTER TABLE esm.ship_from_address DROP COLUMN is_default, DROP COLUMN store_id;
ALTER TABLE esm.package_preset DROP COLUMN store_id;
ALTER TABLE esm.ship_from_address ALTER COLUMN operator_id SET NOT NULL;
ALTER TABLE esm.package_preset ALTER COLUMN operator_id SET NOT NULL;
CREATE INDEX ship_from_address_operator_idx ON esm.ship_from_address (operator_id, created_at);
CREATE UNIQUE INDEX package_preset_name_key ON esm.package_preset (operator_id, lower(name));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ship_from_address', 'package_preset']
    LOOP
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR SELECT TO ${app_role} '
                       'USING (operator_id = (SELECT esm.current_operator_id()) '
                       'OR operator_id IN (SELECT s.owner_id FROM esm.store s))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO ${app_role} '
                       'USING (operator_id = (SELECT esm.current_operator_id())) '
                       'WITH CHECK (operator_id = (SELECT esm.current_operator_id()))', t || '_owner_write', t);
    END LOOP;
END $$;

-- The operator's locale for money on pages (issue 11 part 2), beside its time zone (V22): a BCP 47 tag from the
-- account page's list; en-US ("$1,234.56") by default.
ALTER TABLE esm.operator ADD COLUMN locale text NOT NULL DEFAULT 'en-US'
    CHECK (locale ~ '^[a-z]{2}-[A-Z]{2}$');
GRANT UPDATE (locale) ON esm.operator TO ${app_role};
