-- The whole life of a complaint: working-day deadlines, assignment, redirection between
-- bodies, the reason for leaving a complaint unanswered, and the prosecutor flag.

-- Deadlines are ISO dates in Moscow time. `next_due` is the deadline of the current status
-- (registration, then review, then remedy), kept so the desk can sort and flag by one column.
ALTER TABLE complaints ADD COLUMN short_review INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN registration_due TEXT;
ALTER TABLE complaints ADD COLUMN review_due TEXT;
ALTER TABLE complaints ADD COLUMN redirect_due TEXT;
ALTER TABLE complaints ADD COLUMN reply_due TEXT;
ALTER TABLE complaints ADD COLUMN remedy_due TEXT;
ALTER TABLE complaints ADD COLUMN next_due TEXT;
ALTER TABLE complaints ADD COLUMN assignee_id BLOB REFERENCES staff_users (id);
-- A redirected complaint points at the complaint opened at the competent body, and back.
ALTER TABLE complaints ADD COLUMN redirected_to_id BLOB REFERENCES complaints (id);
ALTER TABLE complaints ADD COLUMN redirected_from_id BLOB REFERENCES complaints (id);
ALTER TABLE complaints ADD COLUMN unanswered_reason TEXT;
ALTER TABLE complaints ADD COLUMN prosecutor_referred_at TEXT;
ALTER TABLE complaints ADD COLUMN remedied_at TEXT;

CREATE INDEX complaints_org_next_due ON complaints (org_id, next_due);
CREATE INDEX complaints_assignee ON complaints (assignee_id);

-- Staff of a head body may see the complaints of the bodies under it.
ALTER TABLE staff_users ADD COLUMN include_subordinates INTEGER NOT NULL DEFAULT 0;

-- Events that only staff see, such as an assignment, are left out of the applicant's timeline.
ALTER TABLE complaint_events ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
