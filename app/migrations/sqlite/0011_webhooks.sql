-- Signed webhooks (SQLite): the endpoints an agency admin registers for a body, and one delivery per
-- event and endpoint with a row per HTTP attempt.

CREATE TABLE webhook_endpoints (
    id BLOB PRIMARY KEY,
    org_id BLOB NOT NULL REFERENCES orgs (id),
    url TEXT NOT NULL,
    -- The event types sent to this endpoint, separated by spaces, such as
    -- 'complaint.created complaint.status_changed'.
    events TEXT NOT NULL,
    -- The HMAC-SHA256 signing secret (whsec_...). It is kept in plain text because signing
    -- needs the secret itself, unlike a password or an API key, which are only compared.
    secret TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- A revoked endpoint receives nothing again; the row stays for its delivery log and the
    -- audit log's target.
    revoked_at TEXT
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id);

-- One event sent to one endpoint. The body is fixed when the event happens, so every retry
-- sends the same bytes and the same event id.
CREATE TABLE webhook_deliveries (
    id BLOB PRIMARY KEY,
    endpoint_id BLOB NOT NULL REFERENCES webhook_endpoints (id),
    event_id BLOB NOT NULL,
    event_type TEXT NOT NULL,
    complaint_number TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The dedupe key of the job that sends it, to read the next retry from the queue.
    job_key TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    -- Set when the retries ran out or the endpoint was disabled or revoked before delivery.
    failed_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    id BLOB PRIMARY KEY,
    delivery_id BLOB NOT NULL REFERENCES webhook_deliveries (id),
    at TEXT NOT NULL,
    -- The HTTP status, or NULL when no response came (connection error, timeout).
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);
