-- Appello schema for SQLite. Identifiers are UUIDv7 stored as 16-byte BLOBs (time-ordered,
-- so new rows land at the end of the index); timestamps are RFC 3339 text in UTC, which
-- sorts in time order; dates are ISO text.

-- Values the instances share, such as the key that derives access codes from form tokens.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The directory of bodies. A territorial body points at its parent.
CREATE TABLE orgs (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    parent_id BLOB REFERENCES orgs (id),
    level TEXT NOT NULL CHECK (level IN ('federal', 'regional', 'municipal')),
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL,
    short_ru TEXT NOT NULL,
    short_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE services (
    id BLOB PRIMARY KEY,
    org_id BLOB NOT NULL REFERENCES orgs (id),
    code TEXT NOT NULL UNIQUE,
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE INDEX services_org ON services (org_id);

-- Public widget keys. A revoked key stays, so complaints keep their channel and the audit
-- log keeps its target.
CREATE TABLE widget_keys (
    id BLOB PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    org_id BLOB NOT NULL REFERENCES orgs (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- The origins (scheme://host[:port]) allowed to frame a key's widget.
CREATE TABLE widget_key_origins (
    key_id BLOB NOT NULL REFERENCES widget_keys (id),
    origin TEXT NOT NULL,
    PRIMARY KEY (key_id, origin)
);

CREATE TABLE staff_users (
    id BLOB PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'agency_admin', 'operator')),
    org_id BLOB REFERENCES orgs (id),
    must_change_password INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

-- Sessions live in the database so that any instance can serve any request. Only the
-- SHA-256 of the cookie value is stored.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE complaints (
    id BLOB PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- SHA-256 of the access code; the code itself is shown once and never stored.
    access_code_hash TEXT NOT NULL,
    -- The token of the form that created the complaint: a repeated post of the same form
    -- hits this unique index and gets the existing complaint back.
    submission_token TEXT UNIQUE,
    org_id BLOB NOT NULL REFERENCES orgs (id),
    service_id BLOB REFERENCES services (id),
    channel TEXT NOT NULL CHECK (channel IN ('portal', 'widget', 'api', 'paper')),
    widget_key_id BLOB REFERENCES widget_keys (id),
    lang TEXT NOT NULL,
    official TEXT,
    ground_other TEXT,
    subject TEXT NOT NULL,
    arguments TEXT NOT NULL,
    applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'legal')),
    surname TEXT,
    first_name TEXT,
    patronymic TEXT,
    legal_name TEXT,
    address TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    reply_by TEXT NOT NULL CHECK (reply_by IN ('email', 'post')),
    postal_address TEXT,
    status TEXT NOT NULL,
    outcome TEXT,
    remedy_kind TEXT,
    decision_text TEXT,
    received_at TEXT NOT NULL,
    registered_at TEXT,
    decided_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaints_org_received ON complaints (org_id, received_at);

CREATE TABLE complaint_grounds (
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    ground TEXT NOT NULL,
    PRIMARY KEY (complaint_id, ground)
);

-- The timeline. Events are never changed or removed; the triggers below enforce that.
CREATE TABLE complaint_events (
    id BLOB PRIMARY KEY,
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('applicant', 'staff', 'system')),
    actor_user_id BLOB REFERENCES staff_users (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    -- Why the action was taken, for staff.
    note TEXT,
    -- The text sent to the applicant with this step, if any.
    message TEXT,
    UNIQUE (complaint_id, seq)
);

CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;

CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;

-- Who did what to keys, users and the directory. `actor` is a user id or 'cli'.
CREATE TABLE audit_log (
    id BLOB PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT,
    ip TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
