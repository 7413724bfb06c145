-- Mail digest subscriptions (see org.paperboy.subscription.Subscriptions), one row per address.
-- email: the address, lower-cased, so that one address is one subscription whatever its spelling.
-- user_id: the member the address belongs to, when a member subscribed from /settings/mail.
-- frequency: 'daily' (each announcement day) or 'weekly' (on mail.weekly-day, the week's papers).
-- community_picks: 1 to get the community's most upvoted picks; categories: arXiv categories, space-separated
--        (cs.CL cs.LG), whose announced papers the digest lists; alert_matches: 1 to get what the member's saved
--        alerts found (a member's subscription only).
-- status: 'pending' until the address's owner follows the confirmation link (double opt-in); only 'confirmed'
--        subscriptions get digests; 'unsubscribed' keeps the row, so that the address is not mailed again unasked.
-- confirm_token_hash, confirm_expires_at: SHA-256 of the pending confirmation link's token, and when it expires;
--        cleared when used, so that a link confirms once.
-- last_digest_period: the day (YYYY-MM-DD) or week (YYYY-Www) of the last digest queued for it.
-- Instants are epoch milliseconds.
CREATE TABLE subscriptions (
    subscription_id    ${identity},
    email              TEXT    NOT NULL UNIQUE,
    user_id            BIGINT  REFERENCES users (user_id) ON DELETE SET NULL,
    frequency          TEXT    NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly')),
    community_picks    INTEGER NOT NULL DEFAULT 1 CHECK (community_picks IN (0, 1)),
    categories         TEXT    NOT NULL DEFAULT '',
    alert_matches      INTEGER NOT NULL DEFAULT 0 CHECK (alert_matches IN (0, 1)),
    status             TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    confirm_token_hash TEXT    UNIQUE,
    confirm_expires_at BIGINT,
    created_at         BIGINT  NOT NULL,
    confirmed_at       BIGINT,
    unsubscribed_at    BIGINT,
    last_digest_period TEXT
);

CREATE INDEX subscriptions_status ON subscriptions (status, frequency);

-- Secrets the site signs with (name: what for, such as 'unsubscribe' or 'alert-feeds'; see storage.SiteKeys), created at first use with a random value by
-- whichever node needs one first (INSERT ... ON CONFLICT DO NOTHING), so that every node signs with the same key.
CREATE TABLE site_keys (
    name   TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
