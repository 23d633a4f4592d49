-- ESM schema, version 24: what a shared quota bucket learned from a 429 (ADR 29).
--
-- A 429 although a permit was taken means the API allows less than the bucket's rate. The bucket remembers when the
-- last such 429 came (the database's clock, so that every node reads the same age) and the rate it had then; the rate
-- it applies afterwards is a function of the two (LearnedRate: lower at once, back up slowly). Both are cleared with
-- the row when the idle bucket expires: a bucket that is full again has nothing left to learn from.
ALTER TABLE esm.rate_bucket
    ADD COLUMN throttled_at   timestamptz,
    ADD COLUMN throttled_rate double precision;
