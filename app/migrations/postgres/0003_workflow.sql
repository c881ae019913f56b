-- The whole life of a complaint: working-day deadlines, assignment, redirection between
-- bodies, the reason for leaving a complaint unanswered, and the prosecutor flag.

-- Deadlines are dates in Moscow time. `next_due` is the deadline of the current status
-- (registration, then review, then remedy), kept so the desk can sort and flag by one column.
ALTER TABLE complaints
    ADD COLUMN short_review BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN registration_due DATE,
    ADD COLUMN review_due DATE,
    ADD COLUMN redirect_due DATE,
    ADD COLUMN reply_due DATE,
    ADD COLUMN remedy_due DATE,
    ADD COLUMN next_due DATE,
    ADD COLUMN assignee_id UUID REFERENCES staff_users (id),
    -- A redirected complaint points at the complaint opened at the competent body, and back.
    ADD COLUMN redirected_to_id UUID REFERENCES complaints (id),
    ADD COLUMN redirected_from_id UUID REFERENCES complaints (id),
    ADD COLUMN unanswered_reason TEXT,
    ADD COLUMN prosecutor_referred_at TIMESTAMPTZ,
    ADD COLUMN remedied_at TIMESTAMPTZ;

CREATE INDEX complaints_org_next_due ON complaints (org_id, next_due);
CREATE INDEX complaints_assignee ON complaints (assignee_id);

-- Staff of a head body may see the complaints of the bodies under it.
ALTER TABLE staff_users ADD COLUMN include_subordinates BOOLEAN NOT NULL DEFAULT FALSE;

-- Events that only staff see, such as an assignment, are left out of the applicant's timeline.
ALTER TABLE complaint_events ADD COLUMN internal BOOLEAN NOT NULL DEFAULT FALSE;
