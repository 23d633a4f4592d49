-- ESM schema, version 7: the tracking push outbox (ADR 10). One row per bought label (shipment) whose tracking the
-- marketplace must be told, inserted in the transaction that marks the shipment PURCHASED and worked off by a job
-- (db-scheduler poller and an immediate run after commit) that claims a row with a conditional update and a lease.
-- A void and re-ship makes a new shipment and so a new push; the old row stays as history.
-- Store data: RLS enabled and forced, read and written by operators with access to the store (like shipment).
-- Numbered 7: version 8 belongs to the batches branch.

-- state: PENDING (due at next_attempt_at; waiting = 'RECONNECT' while the store's credentials are refused),
-- PUSHING (claimed by claimed_by until lease_until; a dead node's claim is taken over after that), SUCCEEDED (the
-- marketplace has the tracking: marketplace_reference, marketplace_answer, pushed_at), REJECTED (the marketplace
-- refused it: last_error quotes its answer; "retry push" moves it back to PENDING), FAILED (given up: the label was
-- voided before the push, or max attempts reached; retry allowed).
-- maybe_sent: a push call was sent whose answer never came (timeout, 5xx, unreadable, node died): before pushing
-- again, the job waits until sent_at + settle and reads the order back; a tracking number already there is success.
CREATE TABLE esm.tracking_push (
    id                    uuid PRIMARY KEY,
    store_id              uuid NOT NULL REFERENCES esm.store (id) ON DELETE CASCADE,
    order_id              uuid NOT NULL REFERENCES esm.customer_order (id) ON DELETE CASCADE,
    shipment_id           uuid NOT NULL REFERENCES esm.shipment (id) ON DELETE CASCADE,
    kind                  text NOT NULL DEFAULT 'PUSH' CHECK (kind IN ('PUSH')),
    state                 text NOT NULL DEFAULT 'PENDING'
                              CHECK (state IN ('PENDING', 'PUSHING', 'SUCCEEDED', 'FAILED', 'REJECTED')),
    tracking_number       text NOT NULL,
    attempts              integer NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),
    claimed_by            text,
    lease_until           timestamptz,
    maybe_sent            boolean NOT NULL DEFAULT false,
    sent_at               timestamptz,
    waiting               text CHECK (waiting IN ('RECONNECT')),
    last_error            text,
    marketplace_reference text,
    marketplace_answer    text,
    pushed_at             timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (shipment_id, kind)
);
CREATE INDEX tracking_push_order_idx ON esm.tracking_push (store_id, order_id, created_at);
CREATE INDEX tracking_push_due_idx ON esm.tracking_push (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX tracking_push_claimed_idx ON esm.tracking_push (lease_until) WHERE state = 'PUSHING';

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.tracking_push TO ${app_role};

ALTER TABLE esm.tracking_push ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.tracking_push FORCE ROW LEVEL SECURITY;
CREATE POLICY tracking_push_access ON esm.tracking_push FOR ALL TO ${app_role}
    USING (store_id IN (SELECT s.id FROM esm.store s))
    WITH CHECK (store_id IN (SELECT s.id FROM esm.store s));
CREATE POLICY tracking_push_maintenance ON esm.tracking_push FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- The pushes due now (pending and due, or claimed by a node whose lease ran out) and the owner each acts for: ids
-- only, for the job's poller, which runs for no operator.
CREATE FUNCTION esm.tracking_pushes_due(max_rows integer)
    RETURNS TABLE (push_id uuid, owner_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$
        SELECT p.id, s.owner_id
          FROM esm.tracking_push p JOIN esm.store s ON s.id = p.store_id
         WHERE (p.state = 'PENDING' AND p.next_attempt_at <= now())
            OR (p.state = 'PUSHING' AND p.lease_until < now())
         ORDER BY p.next_attempt_at
         LIMIT max_rows
    $$;

REVOKE ALL ON FUNCTION esm.tracking_pushes_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.tracking_pushes_due(integer) TO ${app_role};
