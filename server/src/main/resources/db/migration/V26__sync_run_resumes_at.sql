-- A paused sync run (waiting for the marketplace's quota, or for its circuit breaker to close) records when it
-- continues, so that the sync page can say it in plain words and in the operator's time zone, instead of a timestamp
-- inside the error text.
ALTER TABLE esm.sync_run ADD COLUMN resumes_at timestamptz;
