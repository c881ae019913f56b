-- Secret API keys of the bodies' information systems, and who acted through one.

-- A key is shown once at creation. Only its keyed hash is stored, so a copy of the database
-- does not let anyone call the API; `prefix` is the first characters of the key, not enough
-- to use it, shown in lists so that people can tell keys apart. `scopes` is a space-separated
-- list such as 'complaints:read complaints:write'.
CREATE TABLE api_keys (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL REFERENCES orgs (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    -- A staff user id or 'cli', as in audit_log.actor.
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_org ON api_keys (org_id);

-- The key through which an agency's system took a step; NULL for steps taken in the desk.
-- Added as a column because the timeline is append-only and may not be rebuilt.
ALTER TABLE complaint_events ADD COLUMN actor_api_key_id UUID REFERENCES api_keys (id);

-- The API lists a body's complaints in (updated_at, id) order, page by page.
CREATE INDEX complaints_org_updated ON complaints (org_id, updated_at, id);
