-- Counters for rate limits, kept in the database so that every instance counts the same
-- attempts. A bucket names what is limited, such as failed sign-ins for one e-mail; its
-- window starts at the first hit and restarts when it has passed.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    hits BIGINT NOT NULL
);
