-- The production calendar. Deadlines are counted in working days, and which days are
-- working changes every year by the government's decree on day transfers, so the calendar
-- is data that operators can correct, one whole year at a time.

-- A year is stored only as a whole: a year without a row here is computed from the Labor
-- Code and shown as provisional.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    -- 'confirmed' when the dates come from the decree for that year, 'provisional' otherwise.
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'provisional')),
    -- The decree or law the dates come from, for operators to check them against.
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- 'system' for the shipped data, 'cli', or a staff user's id.
    updated_by TEXT NOT NULL
);

-- Every non-working date, weekends included, so that a working Saturday is simply a
-- Saturday missing here. The CHECKs keep dates in the ISO form that sorts and compares as
-- text, and inside their year.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY CHECK (date(day) IS day),
    year INTEGER NOT NULL REFERENCES calendar_years (year),
    CHECK (CAST(strftime('%Y', day) AS INTEGER) = year)
);
CREATE INDEX calendar_days_year ON calendar_days (year);
