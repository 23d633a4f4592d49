-- ESM schema, version 19: platform.jobs, the one durable work-item facility (ADR 23). One row per unit of background
-- work (a label batch item, a tracking push, and every new kind of job): the kind names the handler, the subject names
-- the row of the owning module that holds the work's data, the owner is the operator the job acts for. A platform
-- table like scheduled_tasks: ids, counters, times and a short plain-words error only (handlers never put buyer data,
-- secrets or marketplace answers in last_error); the work's data stays in the owning module's RLS-protected tables,
-- read by the handler acting for the owner.
--
-- state: QUEUED (due at run_at), RETRY (an attempt failed; due again at run_at), RUNNING (claimed by claimed_by until
-- lease_until, renewed by its node's heartbeat; a dead node's job is claimed again once the lease ran out), DONE,
-- FAILED (given up; requeued on request). maybe_sent: an attempt may have reached the outside world (sent_at) without
-- an answer; the next attempt reads back before it sends again.
CREATE TABLE esm.job (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{0,62}$'),
    subject      uuid NOT NULL,
    owner_id     uuid NOT NULL REFERENCES esm.operator (id) ON DELETE CASCADE,
    state        text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RETRY', 'RUNNING', 'DONE', 'FAILED')),
    attempts     integer NOT NULL DEFAULT 0,
    run_at       timestamptz NOT NULL DEFAULT now(),
    claimed_by   text,
    lease_until  timestamptz,
    heartbeat_at timestamptz,
    maybe_sent   boolean NOT NULL DEFAULT false,
    sent_at      timestamptz,
    last_error   text CHECK (length(last_error) <= 500),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    UNIQUE (kind, subject)
);
CREATE INDEX job_due_idx ON esm.job (kind, run_at) WHERE state IN ('QUEUED', 'RETRY');
CREATE INDEX job_lease_idx ON esm.job (kind, lease_until) WHERE state = 'RUNNING';
CREATE INDEX job_owner_idx ON esm.job (owner_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.job TO ${app_role};

-- The work that was under way when this version came: label batch items still to be bought and tracking pushes still
-- to be made become jobs (due when they were; a claim of a node running the old code is taken over at once).
INSERT INTO esm.job (id, kind, subject, owner_id, state, attempts, run_at)
SELECT gen_random_uuid(), 'label-batch-item', i.id, b.operator_id, 'QUEUED', i.attempts,
       CASE WHEN i.state = 'QUEUED' THEN i.available_at ELSE now() END
  FROM esm.label_batch_item i JOIN esm.label_batch b ON b.id = i.batch_id
 WHERE i.state IN ('QUEUED', 'WORKING');
INSERT INTO esm.job (id, kind, subject, owner_id, state, attempts, run_at, maybe_sent, sent_at)
SELECT gen_random_uuid(), 'tracking-push', p.id, s.owner_id, 'QUEUED', p.attempts,
       CASE WHEN p.state = 'PENDING' THEN p.next_attempt_at ELSE now() END, p.maybe_sent, p.sent_at
  FROM esm.tracking_push p JOIN esm.store s ON s.id = p.store_id
 WHERE p.state IN ('PENDING', 'PUSHING');

-- The hand-made claim of label batch items and the tracking push poller are gone: the job facility claims both.
DROP FUNCTION esm.label_batch_claim(text, integer, integer);
DROP FUNCTION esm.tracking_pushes_due(integer);
DELETE FROM esm.scheduled_tasks WHERE task_name = 'tracking-push-poll';
