-- Since V19 (ADR 23) a batch item is bought by a job of esm.job, which is claimed, leased and taken over there (V19
-- dropped the items' claim function). The item's own claim columns have been written as null and never read since.
DROP INDEX esm.label_batch_item_lease_idx;
ALTER TABLE esm.label_batch_item DROP COLUMN claimed_by, DROP COLUMN lease_until;

-- The trigger that fails a revoked grantee's open items (V11) set the dropped columns; the same without them.
CREATE OR REPLACE FUNCTION esm.store_access_ended() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    UPDATE esm.label_batch_item i
       SET state = 'FAILED', message = 'Access to this store has ended.', updated_at = now()
      FROM esm.label_batch b
     WHERE b.id = i.batch_id AND b.operator_id = OLD.operator_id AND i.store_id = OLD.store_id
       AND i.state IN ('QUEUED', 'WORKING');
    UPDATE esm.label_batch b
       SET state = 'DONE', finished_at = coalesce(b.finished_at, now())
     WHERE b.operator_id = OLD.operator_id AND b.state = 'RUNNING'
       AND NOT EXISTS (SELECT 1 FROM esm.label_batch_item i
                        WHERE i.batch_id = b.id AND i.state IN ('QUEUED', 'WORKING'));
    RETURN OLD;
END $$;
