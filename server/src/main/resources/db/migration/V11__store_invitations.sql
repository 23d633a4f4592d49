-- ESM schema, version 11: store grants become invitations the invitee accepts, and revoking a grant ends access to
-- everything of the store, label-batch items included. Numbered 11: versions 9 and 10 belong to other branches of
-- the same hardening issue; nothing here depends on them.
--
-- Before: the owner granted a store to any registered email at once, and learnt the operator's id and name by doing
-- so (esm.operator_id_by_email); the grantee had no say. Now the owner invites an email (registered or not: the
-- answer is the same, and no account is looked up); the operator who signs in with that email sees the invitation and
-- accepts (only then does store_access exist, inserted by the invitee) or declines. Existing grants stay as accepted.

CREATE TABLE esm.store_invitation (
    id             uuid PRIMARY KEY,
    store_id       uuid NOT NULL,
    store_owner_id uuid NOT NULL,
    email          text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    invited_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (store_id, store_owner_id) REFERENCES esm.store (id, owner_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX store_invitation_store_email_key ON esm.store_invitation (store_id, email);
CREATE INDEX store_invitation_email_idx ON esm.store_invitation (email);
CREATE INDEX store_invitation_owner_idx ON esm.store_invitation (store_owner_id);

GRANT SELECT, INSERT, DELETE ON esm.store_invitation TO ${app_role};
ALTER TABLE esm.store_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE esm.store_invitation FORCE ROW LEVEL SECURITY;

-- The acting operator's own email (its own operator row is always visible to it); NULL when no operator acts.
CREATE FUNCTION esm.current_operator_email() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT o.email FROM esm.operator o WHERE o.id = esm.current_operator_id() $$;
GRANT EXECUTE ON FUNCTION esm.current_operator_email() TO ${app_role};

-- store_invitation: the store's owner writes, reads and cancels its invitations; the operator whose email it names
-- reads it and ends it (accepting or declining).
CREATE POLICY store_invitation_read ON esm.store_invitation FOR SELECT TO ${app_role}
    USING (store_owner_id = (SELECT esm.current_operator_id()) OR email = (SELECT esm.current_operator_email()));
CREATE POLICY store_invitation_invite ON esm.store_invitation FOR INSERT TO ${app_role}
    WITH CHECK (store_owner_id = (SELECT esm.current_operator_id()));
CREATE POLICY store_invitation_end ON esm.store_invitation FOR DELETE TO ${app_role}
    USING (store_owner_id = (SELECT esm.current_operator_id()) OR email = (SELECT esm.current_operator_email()));
CREATE POLICY store_invitation_maintenance ON esm.store_invitation FOR ALL TO CURRENT_USER USING (true)
    WITH CHECK (true);

-- store_access: no longer inserted by the owner. The invitee inserts its own grant, and only while an invitation to
-- its email for that store (and that owner) exists.
DROP POLICY store_access_grant ON esm.store_access;
CREATE POLICY store_access_accept ON esm.store_access FOR INSERT TO ${app_role}
    WITH CHECK (operator_id = (SELECT esm.current_operator_id())
                AND EXISTS (SELECT 1 FROM esm.store_invitation i
                             WHERE i.store_id = store_access.store_id
                               AND i.store_owner_id = store_access.store_owner_id
                               AND i.email = (SELECT esm.current_operator_email())));

-- Granting by email looked up any operator's id; nothing calls it any more.
REVOKE EXECUTE ON FUNCTION esm.operator_id_by_email(text) FROM ${app_role};
DROP FUNCTION esm.operator_id_by_email(text);

-- The invitee's pending invitations with the store's name and marketplace and the owner's name (the invitee cannot
-- see the store or its owner before accepting): the only read across tenants for invitations.
CREATE FUNCTION esm.pending_store_invitations()
    RETURNS TABLE (id uuid, store_id uuid, store_name text, marketplace text, owner_name text, invited_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT i.id, s.id, s.name, s.marketplace, o.name, i.invited_at
            FROM esm.store_invitation i
            JOIN esm.store s ON s.id = i.store_id
            JOIN esm.operator o ON o.id = s.owner_id
           WHERE i.email = (SELECT me.email FROM esm.operator me WHERE me.id = esm.current_operator_id())
           ORDER BY i.invited_at, i.id $$;
REVOKE ALL ON FUNCTION esm.pending_store_invitations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION esm.pending_store_invitations() TO ${app_role};

-- label_batch_item: visible through its batch (as before) AND only while the operator can see the item's store, so a
-- revoked grantee no longer reads the items (order numbers, tracking codes, messages) of that store.
DROP POLICY label_batch_item_operator ON esm.label_batch_item;
CREATE POLICY label_batch_item_operator ON esm.label_batch_item FOR ALL TO ${app_role}
    USING (batch_id IN (SELECT b.id FROM esm.label_batch b) AND store_id IN (SELECT s.id FROM esm.store s))
    WITH CHECK (batch_id IN (SELECT b.id FROM esm.label_batch b) AND store_id IN (SELECT s.id FROM esm.store s));

-- When a grant ends (revoked by the owner, given up by the grantee, or the store removed), the grantee's batch items of
-- that store still to be worked on fail at once: the workers claim items across operators and would otherwise find
-- them invisible and claim them again forever, and their batches would never finish.
CREATE FUNCTION esm.store_access_ended() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    UPDATE esm.label_batch_item i
       SET state = 'FAILED', message = 'Access to this store has ended.', claimed_by = NULL, lease_until = NULL,
           updated_at = now()
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
REVOKE ALL ON FUNCTION esm.store_access_ended() FROM PUBLIC;
CREATE TRIGGER store_access_ended AFTER DELETE ON esm.store_access
    FOR EACH ROW EXECUTE FUNCTION esm.store_access_ended();
