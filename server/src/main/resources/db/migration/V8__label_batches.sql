-- ESM schema, version 8: label batches. An operator selects many orders and buys a label for each with its store's
-- default service; the work is one item per order, drained by batch workers on any node (claimed with a lease, so a
-- dead node's items are taken over), each item buying through the shipment journal of V6 (at most one label per
-- package). Numbered 8: version 7 belongs to the tracking-push outbox branch. Nothing of V6 changes.
--
-- label_batch: tenant data of the operator who started it (RLS: only that operator sees or changes it).
-- label_batch_item: one order of a batch, with the store's chosen ship-from address and package preset, the shipment
-- it bought (or found already bought) and the provider's message when it failed. RLS: through its batch.
CREATE TABLE esm.label_batch (
    id            uuid PRIMARY KEY,
    operator_id   uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    state         text NOT NULL DEFAULT 'RUNNING' CHECK (state IN ('RUNNING', 'DONE')),
    total         integer NOT NULL CHECK (total BETWEEN 1 AND 1000),
    rate_limited  integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX label_batch_operator_idx ON esm.label_batch (operator_id, created_at DESC);

-- state: QUEUED (waiting, from available_at), WORKING (claimed by a worker until lease_until), PURCHASED, FAILED.
CREATE TABLE esm.label_batch_item (
    id               uuid PRIMARY KEY,
    batch_id         uuid NOT NULL REFERENCES esm.label_batch (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    order_id         uuid NOT NULL REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    marketplace_order_id text NOT NULL,
    store_id         uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    ship_from_id     uuid NOT NULL,
    package_id       uuid NOT NULL,
    state            text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'WORKING', 'PURCHASED', 'FAILED')),
    shipment_id      uuid REFERENCES esm.shipment (id) ON DELETE SET NULL,
    message          text,
    attempts         integer NOT NULL DEFAULT 0,
    available_at     timestamptz NOT NULL DEFAULT now(),
    claimed_by       text,
    lease_until      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (batch_id, order_id),
    UNIQUE (batch_id, position)
);
CREATE INDEX label_batch_item_work_idx ON esm.label_batch_item (available_at) WHERE state = 'QUEUED';
CREATE INDEX label_batch_item_lease_idx ON esm.label_batch_item (lease_until) WHERE state = 'WORKING';

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.label_batch, esm.label_batch_item TO ${app_role};

ALTER TABLE esm.label_batch ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.label_batch FORCE ROW LEVEL SECURITY;
ALTER TABLE esm.label_batch_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.label_batch_item FORCE ROW LEVEL SECURITY;

CREATE POLICY label_batch_operator ON esm.label_batch FOR ALL TO ${app_role}
    USING (operator_id = (SELECT esm.current_operator_id()))
    WITH CHECK (operator_id = (SELECT esm.current_operator_id()));
CREATE POLICY label_batch_item_operator ON esm.label_batch_item FOR ALL TO ${app_role}
    USING (batch_id IN (SELECT b.id FROM esm.label_batch b))
    WITH CHECK (batch_id IN (SELECT b.id FROM esm.label_batch b) AND store_id IN (SELECT s.id FROM esm.store s));
CREATE POLICY label_batch_maintenance ON esm.label_batch FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY label_batch_item_maintenance ON esm.label_batch_item FOR ALL TO CURRENT_USER USING (true)
    WITH CHECK (true);

-- A worker claims due items across operators (it acts for each batch's operator afterwards): QUEUED items whose time
-- has come, and WORKING items whose lease ran out (their node died). Each claim is a conditional update under
-- SKIP LOCKED, so two nodes never hold the same item. Returns only ids: the item's data is read acting for the
-- operator, under RLS.
CREATE FUNCTION esm.label_batch_claim(p_worker text, p_lease_seconds integer, p_limit integer)
    RETURNS TABLE (item_id uuid, batch_id uuid, operator_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
        UPDATE esm.label_batch_item i
           SET state = 'WORKING', claimed_by = p_worker, lease_until = now() + make_interval(secs => p_lease_seconds),
               attempts = i.attempts + 1, updated_at = now()
          FROM esm.label_batch b
         WHERE b.id = i.batch_id
           AND i.id IN (SELECT c.id FROM esm.label_batch_item c
                         WHERE (c.state = 'QUEUED' AND c.available_at <= now())
                            OR (c.state = 'WORKING' AND c.lease_until < now())
                         ORDER BY c.available_at, c.batch_id, c.position
                         LIMIT p_limit FOR UPDATE SKIP LOCKED)
        RETURNING i.id, i.batch_id, b.operator_id
    $$;

REVOKE ALL ON FUNCTION esm.label_batch_claim(text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.label_batch_claim(text, integer, integer) TO ${app_role};
