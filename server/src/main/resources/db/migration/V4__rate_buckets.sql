-- ESM schema, version 4: marketplace call quotas shared by every node, and each store's circuit breaker and poll pace.
--
-- rate_bucket holds Bucket4j's token buckets (its PostgreSQL proxy manager's table: id, state, expires_at), one per
-- store and marketplace operation, keyed '<store id>/<operation>'. It is a platform table like scheduled_tasks and
-- login_throttle: a store id, an operation name and a serialized bucket (capacity, refill, tokens, timestamps), no
-- operator or buyer data. Bucket4j reads and writes it on its own connections, outside the tenant transactions, so it
-- has no row-level security (ADR 8).
CREATE TABLE esm.rate_bucket (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
CREATE INDEX rate_bucket_expires_at_idx ON esm.rate_bucket (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.rate_bucket TO ${app_role};

-- The store's circuit breaker (failed syncs in a row, open until) and its poll pace, shared by every node. order_sync
-- keeps its row-level security: the sync writes these acting for the store's owner.
ALTER TABLE esm.order_sync
    ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN breaker_open_until   timestamptz,
    ADD COLUMN poll_interval_ms     bigint,
    ADD COLUMN next_sync_at         timestamptz;
