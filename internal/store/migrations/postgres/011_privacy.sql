-- Visitors' data and each user's time.
-- users.time_zone: an IANA zone name; '' follows the site's LEADLINE_TIMEZONE.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- The consent line the visitor saw when they sent the form, and when; '' and NULL for
-- leads entered by staff or stored before consent was recorded.
ALTER TABLE leads ADD COLUMN consent_text TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN consent_at TIMESTAMPTZ;
-- When the lead's personal data was erased; the row stays, anonymous, for the counts.
ALTER TABLE leads ADD COLUMN erased_at TIMESTAMPTZ;

-- The retention sweep looks for leads not yet erased and untouched since a time.
CREATE INDEX leads_retention_idx ON leads (updated_at) WHERE erased_at IS NULL;
