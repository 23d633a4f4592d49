-- ESM schema, version 16: one store per seller account and operator. Numbered 16: versions 9 to 15 belong to other
-- branches. A store whose credentials speak for a seller account (Walmart client id, Amazon selling partner id, eBay
-- user id) that another store of the same owner already holds would sync every order twice; the unique index refuses
-- the second one even when two requests race.
--
-- seller_key: hex SHA-256 of the owner id, the marketplace and the seller account id (ADR 18). Never the id itself:
-- a Walmart client id is half of a credential. Null for stores without credentials, and for stores connected before
-- this version until their credentials are written again (Stores backfills the owner's stores on the next write).
ALTER TABLE esm.store ADD COLUMN seller_key text CHECK (seller_key IS NULL OR seller_key ~ '^[0-9a-f]{64}$');
CREATE UNIQUE INDEX store_owner_seller_key ON esm.store (owner_id, seller_key);
