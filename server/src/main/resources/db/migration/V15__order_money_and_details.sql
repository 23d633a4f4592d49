-- ESM schema, version 15 (issue 9, ADR 0017): amounts kept exactly as the marketplace sent them, and what a seller
-- needs to ship and to account for an order. Buyer data (gift messages included) stays sealed in order_buyer.

-- numeric without a fixed scale: 22.495 stays 22.495; rounding happens only for display.
ALTER TABLE esm.customer_order ALTER COLUMN total TYPE numeric;
ALTER TABLE esm.order_line ALTER COLUMN unit_price TYPE numeric;

-- Who ships the order (SELLER, or MARKETPLACE for Amazon FBA / Walmart WFS), the service the buyer paid for, the
-- marketplace's flags (PRIME, BUSINESS, PRE_ORDER, REPLACEMENT, GIFT, GUARANTEED_DELIVERY) and the order's parts,
-- null where the marketplace does not say. Discounts and refunds are negative.
ALTER TABLE esm.customer_order
    ADD COLUMN fulfilled_by      text    NOT NULL DEFAULT 'SELLER' CHECK (fulfilled_by IN ('SELLER', 'MARKETPLACE')),
    ADD COLUMN requested_service text,
    ADD COLUMN flags             text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN item_subtotal     numeric,
    ADD COLUMN shipping_charged  numeric,
    ADD COLUMN seller_tax        numeric,
    ADD COLUMN marketplace_tax   numeric,
    ADD COLUMN discount          numeric,
    ADD COLUMN marketplace_fees  numeric,
    ADD COLUMN refunded          numeric,
    ADD COLUMN payout            numeric;

-- unit_price_derived: the marketplace sent no unit price; it was derived from the line's amount (Amazon proceeds).
ALTER TABLE esm.order_line
    ADD COLUMN unit_price_derived boolean NOT NULL DEFAULT false,
    ADD COLUMN item_subtotal      numeric,
    ADD COLUMN shipping_charged   numeric,
    ADD COLUMN seller_tax         numeric,
    ADD COLUMN marketplace_tax    numeric,
    ADD COLUMN discount           numeric,
    ADD COLUMN marketplace_fees   numeric,
    ADD COLUMN refunded           numeric,
    ADD COLUMN payout             numeric,
    ADD COLUMN variation          text,
    ADD COLUMN condition          text;
