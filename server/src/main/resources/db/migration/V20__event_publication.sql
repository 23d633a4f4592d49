-- ESM schema, version 20: the transactional outbox of events between modules (ADR 24). Spring Modulith's event
-- publication registry on JDBC (its PostgreSQL schema v2, created here rather than by its schema initialization):
-- a row per (event, transactional listener), inserted in the publishing transaction, completed (deleted, completion
-- mode DELETE) when the listener succeeded, left in place when it failed, so that it is handed to the listener again
-- (at the next start, or by the resubmission task).
--
-- A platform table without operator data, like scheduled_tasks: events carry ids and facts only (store, order,
-- shipment, operator ids, statuses, marketplace), never a name, an address, a credential or a token; a test checks the
-- event records' components. It is written and read across tenants by the registry (the resubmission at start reads
-- every incomplete row), so no RLS; the runtime role may read and write it and nothing more.

CREATE TABLE esm.event_publication (
    id                     uuid NOT NULL PRIMARY KEY,
    listener_id            text NOT NULL,
    event_type             text NOT NULL,
    serialized_event       text NOT NULL,
    publication_date       timestamptz NOT NULL,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz
);
CREATE INDEX event_publication_serialized_event_hash_idx ON esm.event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON esm.event_publication (completion_date);

-- the archive of completion mode ARCHIVE, unused while the mode is DELETE; created so that switching the mode needs
-- no migration
CREATE TABLE esm.event_publication_archive (
    id                     uuid NOT NULL PRIMARY KEY,
    listener_id            text NOT NULL,
    event_type             text NOT NULL,
    serialized_event       text NOT NULL,
    publication_date       timestamptz NOT NULL,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz
);
CREATE INDEX event_publication_archive_serialized_event_hash_idx ON esm.event_publication_archive USING hash (serialized_event);
CREATE INDEX event_publication_archive_by_completion_date_idx ON esm.event_publication_archive (completion_date);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.event_publication, esm.event_publication_archive TO ${app_role};
