-- ESM schema, version 6: shipping. Each store's provider settings (the API key sealed by the store's data key),
-- ship-from addresses, package presets, and shipments: one row per order package and label attempt, journaled
-- before the provider is called so that a buy happens at most once. Every table is store data: RLS enabled and
-- forced. Settings, addresses and presets: read by operators with access to the store, written only by its owner.
-- Shipments: read and written by operators with access (a granted teammate ships the store's orders).
-- Numbered 6: versions 4 and 5 belong to other branches.

CREATE TABLE esm.shipping_settings (
    store_id          uuid PRIMARY KEY REFERENCES esm.store (id) ON DELETE CASCADE,
    provider          text NOT NULL DEFAULT 'EASYPOST' CHECK (provider IN ('EASYPOST')),
    api_key           bytea,
    default_service   text,
    label_format      text NOT NULL DEFAULT 'PDF' CHECK (label_format IN ('PDF', 'PNG', 'ZPL')),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE esm.ship_from_address (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    name        text,
    company     text,
    street1     text NOT NULL,
    street2     text,
    city        text NOT NULL,
    state       text NOT NULL,
    zip         text NOT NULL,
    country     text NOT NULL DEFAULT 'US',
    phone       text,
    is_default  boolean NOT NULL DEFAULT false,
    verified_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ship_from_address_store_idx ON esm.ship_from_address (store_id, created_at);
CREATE UNIQUE INDEX ship_from_address_default_key ON esm.ship_from_address (store_id) WHERE is_default;

CREATE TABLE esm.package_preset (
    id         uuid PRIMARY KEY,
    store_id   uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    weight_oz  numeric(8, 2) NOT NULL CHECK (weight_oz > 0 AND weight_oz <= 1120),
    length_in  numeric(6, 2) CHECK (length_in > 0),
    width_in   numeric(6, 2) CHECK (width_in > 0),
    height_in  numeric(6, 2) CHECK (height_in > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((length_in IS NULL) = (width_in IS NULL) AND (width_in IS NULL) = (height_in IS NULL))
);
CREATE UNIQUE INDEX package_preset_name_key ON esm.package_preset (store_id, lower(name));

-- state: RATED (provider shipment with rates, nothing bought), BUYING (journaled before the buy call; outcome
-- pending or unknown), PURCHASED (label bought), VOIDED (refund asked for; the package may be labelled again with
-- attempt + 1). reference = what the provider knows the shipment by, unique per store, derived from the order,
-- package and attempt. Later columns (tracking push status, batch id) belong to the push outbox and batches.
CREATE TABLE esm.shipment (
    id                    uuid PRIMARY KEY,
    store_id              uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    order_id              uuid NOT NULL REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    package_no            integer NOT NULL DEFAULT 1 CHECK (package_no >= 1),
    attempt               integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    reference             text NOT NULL,
    state                 text NOT NULL CHECK (state IN ('RATED', 'BUYING', 'PURCHASED', 'VOIDED')),
    provider              text NOT NULL DEFAULT 'EASYPOST',
    provider_shipment_id  text,
    ship_from_id          uuid REFERENCES esm.ship_from_address (id) ON DELETE SET NULL,
    weight_oz             numeric(8, 2) NOT NULL,
    length_in             numeric(6, 2),
    width_in              numeric(6, 2),
    height_in             numeric(6, 2),
    label_format          text NOT NULL DEFAULT 'PDF',
    rates                 jsonb NOT NULL DEFAULT '[]',
    rate_id               text,
    carrier               text,
    service               text,
    amount                numeric(10, 2),
    currency              text,
    tracking_code         text,
    label                 bytea,
    buy_started_at        timestamptz,
    purchased_at          timestamptz,
    refund_status         text,
    voided_at             timestamptz,
    last_error            text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, reference)
);
-- at most one live (not voided) shipment per order package: the journal row two racing buyers both aim at
CREATE UNIQUE INDEX shipment_live_package_key ON esm.shipment (store_id, order_id, package_no) WHERE state <> 'VOIDED';
CREATE INDEX shipment_order_idx ON esm.shipment (store_id, order_id, created_at);
CREATE INDEX shipment_buying_idx ON esm.shipment (store_id, buy_started_at) WHERE state = 'BUYING';

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.shipping_settings, esm.ship_from_address, esm.package_preset,
    esm.shipment TO ${app_role};

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['shipping_settings', 'ship_from_address', 'package_preset', 'shipment']
    LOOP
        EXECUTE format('ALTER TABLE esm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE esm.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR SELECT TO ${app_role} '
                       'USING (store_id IN (SELECT s.id FROM esm.store s))', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)',
                       t || '_maintenance', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['shipping_settings', 'ship_from_address', 'package_preset']
    LOOP
        EXECUTE format('CREATE POLICY %I ON esm.%I FOR ALL TO ${app_role} '
                       'USING (store_id IN (SELECT s.id FROM esm.store s WHERE s.owner_id = (SELECT esm.current_operator_id()))) '
                       'WITH CHECK (store_id IN (SELECT s.id FROM esm.store s WHERE s.owner_id = (SELECT esm.current_operator_id())))',
                       t || '_owner_write', t);
    END LOOP;
END $$;

CREATE POLICY shipment_access_write ON esm.shipment FOR ALL TO ${app_role}
    USING (store_id IN (SELECT s.id FROM esm.store s))
    WITH CHECK (store_id IN (SELECT s.id FROM esm.store s));
