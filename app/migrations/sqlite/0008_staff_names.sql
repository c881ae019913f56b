-- The reasoned reply names the official who decided by position and full name, as
-- Federal Law 210-FZ requires, and never by the login e-mail. Accounts created before
-- this migration have neither until `appello users update` sets them, so both columns
-- stay nullable and the reply then names only the body.
ALTER TABLE staff_users ADD COLUMN full_name TEXT;
ALTER TABLE staff_users ADD COLUMN position TEXT;
