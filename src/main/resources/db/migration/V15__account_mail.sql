-- Accounts by mail: a member proves an address is theirs by following a link mailed to it, and resets a forgotten
-- password the same way.

-- When the member proved that users.email reaches them; null: not proved (any change of users.email sets it again,
-- to null or to the moment the new address was proved). The digest and alerts mail verified addresses only.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

-- Single-use links mailed to members. As for sessions, only the SHA-256 of the link's secret is stored. Using a token
-- sets used_at, in the same statement that checks it is unused and unexpired, so a link works once even when clicked
-- twice at the same moment.
-- purpose: 'verify-email' (prove users.email), 'change-email' (prove a new address, which replaces users.email only
--          then), 'reset-password' (choose a new password).
-- email: the address the link was mailed to (for 'change-email', the new address).
-- Instants are epoch milliseconds.
CREATE TABLE mail_tokens (
    token_id   ${identity},
    token_hash TEXT   NOT NULL UNIQUE,
    purpose    TEXT   NOT NULL CHECK (purpose IN ('verify-email', 'change-email', 'reset-password')),
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    email      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE INDEX mail_tokens_by_user ON mail_tokens (user_id, purpose);
