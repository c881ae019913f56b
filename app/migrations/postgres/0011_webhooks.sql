-- Signed webhooks: the endpoints an agency admin registers for a body, and one delivery per
-- event and endpoint with a row per HTTP attempt.

CREATE TABLE webhook_endpoints (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL REFERENCES orgs (id),
    url TEXT NOT NULL,
    -- The event types sent to this endpoint, separated by spaces, such as
    -- 'complaint.created complaint.status_changed'.
    events TEXT NOT NULL,
    -- The HMAC-SHA256 signing secret (whsec_...). It is kept in plain text because signing
    -- needs the secret itself, unlike a password or an API key, which are only compared.
    secret TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- A revoked endpoint receives nothing again; the row stays for its delivery log and the
    -- audit log's target.
    revoked_at TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id);

-- One event sent to one endpoint. The body is fixed when the event happens, so every retry
-- sends the same bytes and the same event id.
CREATE TABLE webhook_deliveries (
    id UUID PRIMARY KEY,
    endpoint_id UUID NOT NULL REFERENCES webhook_endpoints (id),
    event_id UUID NOT NULL,
    event_type TEXT NOT NULL,
    complaint_number TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The dedupe key of the job that sends it, to read the next retry from the queue.
    job_key TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TIMESTAMPTZ,
    -- Set when the retries ran out or the endpoint was disabled or revoked before delivery.
    failed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    id UUID PRIMARY KEY,
    delivery_id UUID NOT NULL REFERENCES webhook_deliveries (id),
    at TIMESTAMPTZ NOT NULL,
    -- The HTTP status, or NULL when no response came (connection error, timeout).
    status INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);
