-- ESM schema, version 22: the Today page and the orders grid (issue 11).
-- (Version 21 is another change's number; this one may be applied before it.)

-- The operator's time zone (an IANA name such as America/Chicago): pages show times in it, and "due today" is the
-- operator's day. An operator changes its own.
ALTER TABLE esm.operator ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'
    CHECK (length(time_zone) BETWEEN 1 AND 64);
GRANT UPDATE (time_zone) ON esm.operator TO ${app_role};

-- Awaiting shipment (open orders the seller ships), per store by ship-by: the Today counts (awaiting, due today, at
-- risk, late are ranges of ship_by here) and the grid's default tab, sorted by ship-by, oldest first, are index-only
-- scans of this index, whatever the number of shipped orders.
CREATE INDEX customer_order_awaiting_idx ON esm.customer_order (store_id, ship_by, id)
    WHERE status IN ('UNSHIPPED', 'PARTIALLY_SHIPPED') AND fulfilled_by = 'SELLER';

-- Labels bought today (the Today page): per store by purchase time.
CREATE INDEX shipment_purchased_idx ON esm.shipment (store_id, purchased_at) INCLUDE (amount, currency)
    WHERE state = 'PURCHASED';

-- Stores whose tracking pushes failed (the Today page's attention list).
CREATE INDEX tracking_push_failed_idx ON esm.tracking_push (store_id) WHERE state IN ('FAILED', 'REJECTED');
