-- ESM schema, version 3: db-scheduler's job table (its PostgreSQL DDL) and the one cross-tenant read the scheduler
-- needs. scheduled_tasks is a platform table: a task names a store and the operator it acts for, nothing else.

CREATE TABLE esm.scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON esm.scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON esm.scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON esm.scheduled_tasks (priority DESC, execution_time ASC);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.scheduled_tasks TO ${app_role};

-- The stores whose orders are synced and the owner each sync acts for: ids only, no names, no credentials.
CREATE FUNCTION esm.order_sync_targets()
    RETURNS TABLE (store_id uuid, owner_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT s.id, s.owner_id FROM esm.store s WHERE s.credentials IS NOT NULL $$;

REVOKE ALL ON FUNCTION esm.order_sync_targets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.order_sync_targets() TO ${app_role};
