-- Two more purposes members choose (docs/PRIVACY.md): `loyalty_program`, the opt-in to the
-- points program after its notice of financial incentive (PRV-12), and `ad_sharing`, sharing
-- activity with advertising partners (PRV-11), withdrawn by a Global Privacy Control signal
-- (the withdrawal channel `gpc`).
ALTER TABLE consent_notices DROP CONSTRAINT consent_notices_purpose_check;
ALTER TABLE consent_notices ADD CONSTRAINT consent_notices_purpose_check
  CHECK (purpose IN ('marketing_email', 'ambassador_scoring', 'social_import', 'cookies',
                     'loyalty_program', 'ad_sharing'));
ALTER TABLE consents DROP CONSTRAINT consents_purpose_check;
ALTER TABLE consents ADD CONSTRAINT consents_purpose_check
  CHECK (purpose IN ('marketing_email', 'ambassador_scoring', 'social_import', 'cookies',
                     'loyalty_program', 'ad_sharing'));
ALTER TABLE consents DROP CONSTRAINT consents_withdrawal_channel_check;
ALTER TABLE consents ADD CONSTRAINT consents_withdrawal_channel_check
  CHECK (withdrawal_channel IN ('web', 'api', 'email', 'import', 'system', 'gpc'));

-- Webhook endpoints of advertising partners receive events about a member only with that
-- member's `ad_sharing` consent (PRV-11).
ALTER TABLE webhook_endpoints ADD COLUMN advertising boolean NOT NULL DEFAULT false;
