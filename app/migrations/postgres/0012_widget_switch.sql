-- An operator can switch a key's widget off and on again. Unlike revocation this is
-- reversible: the key, its origins and its snippet stay as they are. The reason is for the
-- operators and the body's agency admins; the widget page does not show it.
ALTER TABLE widget_keys ADD COLUMN disabled_at TIMESTAMPTZ;
ALTER TABLE widget_keys ADD COLUMN disabled_reason TEXT;
