-- ESM schema, version 12: sync runs left RUNNING by a node that died (kill -9, power loss) are closed as INTERRUPTED.
-- The runtime role sees sync runs only of its acting operator's stores; this sweep needs every store, so it runs as
-- the owner (its maintenance policy) and touches nothing but the outcome of runs no live node can still be running.
--
-- only_store given: the caller has just claimed that store's sync task (db-scheduler runs one execution of a task at a
-- time), so every RUNNING run of the store is a dead node's.
-- only_store null: RUNNING runs older than dead_after whose store's sync task is not held by a node whose heartbeat
-- is newer than dead_after.
CREATE FUNCTION esm.interrupt_sync_runs(only_store uuid, dead_after interval)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
    WITH closed AS (
        UPDATE esm.sync_run r
           SET outcome = 'INTERRUPTED', finished_at = now(),
               error = 'Interrupted: the server running this sync stopped before it finished; '
                       || 'the next sync continues from the last saved page.'
         WHERE r.outcome = 'RUNNING'
           AND CASE WHEN only_store IS NOT NULL THEN r.store_id = only_store
                    ELSE r.started_at < now() - dead_after
                         AND NOT EXISTS (SELECT 1 FROM esm.scheduled_tasks t
                                          WHERE t.task_name = 'order-sync'
                                            AND t.task_instance = r.store_id::text
                                            AND t.picked
                                            AND t.last_heartbeat >= now() - dead_after)
               END
        RETURNING 1)
    SELECT count(*)::integer FROM closed
    $$;

REVOKE ALL ON FUNCTION esm.interrupt_sync_runs(uuid, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.interrupt_sync_runs(uuid, interval) TO ${app_role};
