-- ESM schema, version 10: sign-in throttling by (account, address) pair, by address and by account (ADR 14).
-- login_throttle keeps its keyed-hash counters; the kinds of key change, so the old counts are dropped. last_attempt
-- lets an account past its budget be slowed to one attempt per interval instead of locked.
-- login_familiar: (account, address) pairs that signed in successfully, by keyed hash only, with the time of the last
-- success; attempts from such a pair do not spend the account's budget, so a stranger elsewhere cannot lock it.
DELETE FROM esm.login_throttle;
ALTER TABLE esm.login_throttle ADD COLUMN last_attempt timestamptz;

CREATE TABLE esm.login_familiar (
    key_hash     bytea PRIMARY KEY,
    last_success timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON esm.login_familiar TO ${app_role};
