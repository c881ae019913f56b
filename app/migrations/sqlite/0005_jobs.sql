-- Background work (e-mail, webhooks, deadline reminders) as a queue in the database, so that
-- any instance can run it and nothing queued is lost when an instance stops.
CREATE TABLE jobs (
    id BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    -- The job's input as JSON, complete enough to run without reading other rows.
    payload TEXT NOT NULL,
    -- Not before this time: the creation time, or the next retry after a failure.
    run_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    -- A worker that claimed the job owns it until then; a crashed worker's claim lapses.
    locked_until TEXT,
    last_error TEXT,
    done_at TEXT,
    failed_at TEXT,
    created_at TEXT NOT NULL,
    -- Set for jobs that must be queued once per event, such as one notice per step.
    dedupe_key TEXT UNIQUE
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;
