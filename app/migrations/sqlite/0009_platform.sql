-- The open platform: agency admins ask for widget keys for their sites, operators approve
-- or decline, and keys carry what their lifecycle needs.

-- A request for a widget key. The origins are normalized and separated by spaces.
CREATE TABLE widget_key_requests (
    id BLOB PRIMARY KEY,
    org_id BLOB NOT NULL REFERENCES orgs (id),
    requested_by BLOB NOT NULL REFERENCES staff_users (id),
    site TEXT NOT NULL,
    origins TEXT NOT NULL,
    contact TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    reason TEXT,
    decided_by BLOB REFERENCES staff_users (id),
    decided_at TEXT,
    key_id BLOB REFERENCES widget_keys (id),
    created_at TEXT NOT NULL
);
CREATE INDEX widget_key_requests_status ON widget_key_requests (status, created_at);
CREATE INDEX widget_key_requests_org ON widget_key_requests (org_id, created_at);

-- The site and contact a key was issued for; on rotation, when the old key stops working
-- and which key replaced it; the last widget load or submission.
ALTER TABLE widget_keys ADD COLUMN site TEXT;
ALTER TABLE widget_keys ADD COLUMN contact TEXT;
ALTER TABLE widget_keys ADD COLUMN expires_at TEXT;
ALTER TABLE widget_keys ADD COLUMN replaced_by BLOB REFERENCES widget_keys (id);
ALTER TABLE widget_keys ADD COLUMN last_used_at TEXT;

-- Widget loads per key and Moscow day. Submissions are counted from the complaints.
CREATE TABLE widget_key_days (
    key_id BLOB NOT NULL REFERENCES widget_keys (id),
    day TEXT NOT NULL,
    loads INTEGER NOT NULL,
    PRIMARY KEY (key_id, day)
);

CREATE INDEX complaints_widget_key ON complaints (widget_key_id, received_at);
CREATE INDEX audit_log_action ON audit_log (action, at);
