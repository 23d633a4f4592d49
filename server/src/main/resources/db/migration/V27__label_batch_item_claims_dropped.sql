-- Since V19 (ADR 23) a batch item is bought by a job of esm.job, which is claimed, leased and taken over there (V19
-- dropped the items' claim function). The item's own claim columns have been written as null and never read since.
DROP INDEX esm.label_batch_item_lease_idx;
ALTER TABLE esm.label_batch_item DROP COLUMN claimed_by, DROP COLUMN lease_until;
