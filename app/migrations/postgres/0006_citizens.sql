-- Citizens sign in by a one-time code or link sent to their e-mail, or through OpenID
-- Connect. A signed-in citizen sees every complaint filed with that e-mail, from any channel.

-- One-time secrets sent by e-mail: a 6-digit code (kind 'code') or a link token ('link').
-- Only a keyed hash is stored; a code allows a few attempts, and both expire soon.
CREATE TABLE citizen_tokens (
    id UUID PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('code', 'link')),
    email TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at TIMESTAMPTZ
);
CREATE INDEX citizen_tokens_email ON citizen_tokens (email, created_at);

-- Like staff sessions: in the database, so any instance serves any request.
CREATE TABLE citizen_sessions (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX citizen_sessions_email ON citizen_sessions (email);

-- An OpenID Connect sign-in in progress: the PKCE verifier and nonce, kept until the
-- provider sends the browser back with the state.
CREATE TABLE oidc_logins (
    state TEXT PRIMARY KEY,
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX complaints_email ON complaints (email);
