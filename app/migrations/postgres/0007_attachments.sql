-- Files an applicant attaches to an answer. The bytes live in the file store under
-- storage_key; this row is written in the transaction that appends the answer's event.

CREATE TABLE attachments (
    id UUID PRIMARY KEY,
    complaint_id UUID NOT NULL REFERENCES complaints (id),
    event_id UUID NOT NULL REFERENCES complaint_events (id),
    -- The name the browser sent, with the path and control characters removed; shown only.
    filename TEXT NOT NULL,
    -- Recognized from the content's first bytes, never taken from the name or the browser.
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    -- Hex SHA-256 of the content, to check a file read back from the store.
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
-- The per-complaint size limit sums a complaint's files, and the timeline lists them.
CREATE INDEX attachments_complaint ON attachments (complaint_id);
