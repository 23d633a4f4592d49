-- ADR 0019: shipping guardrails.
-- A deliberate reshipment (replacement) of a shipped or delivered order keeps its reason on the shipment row.
ALTER TABLE esm.shipment ADD COLUMN reship_reason text CHECK (reship_reason IS NULL OR length(reship_reason) <= 200);
-- The orders a batch left out before it started, with the reason: [{orderId, marketplaceOrderId, code, reason}].
ALTER TABLE esm.label_batch ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]'::jsonb;
