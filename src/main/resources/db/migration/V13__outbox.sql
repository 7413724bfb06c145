-- Mail waiting to be sent, and mail sent: one row per message, written before it is sent (see org.paperboy.mail.Outbox).
-- (recipient, kind, period) is unique, so a digest run, a retried request or a second node queuing the same message
-- again queues nothing: a recipient gets one daily digest per day, one confirmation per request.
-- recipient: the address, lower-cased; kind: what the message is ('digest', 'subscription-confirm', ...); period: which
--        one of its kind (a day YYYY-MM-DD, a week YYYY-Www, a request's id).
-- message_id: the Message-ID every attempt carries, so that a resend is recognisably the same message.
-- subject, text_body, html_body, headers: the message as it will be sent, fixed when queued (headers: "Name: value"
--        lines).
-- status: 'due' (waiting), 'sending' (claimed by a sender, claimed_by, until claimed_until), 'sent', 'failed' (a
--        permanent failure, or transient ones for too long), 'blocked' (not sent: the address failed permanently too
--        often), 'unconfirmed' (the whole message reached the server but its answer never came back: taken as sent,
--        never sent again; see org.paperboy.mail.OutboxDelivery).
-- data_written_at: when the sender had written the message and was about to end its data; set only while 'sending'.
-- Instants are epoch milliseconds.
CREATE TABLE outbox (
    outbox_id     ${identity},
    recipient     TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    message_id    TEXT    NOT NULL UNIQUE,
    subject       TEXT    NOT NULL,
    text_body     TEXT    NOT NULL,
    html_body     TEXT    NOT NULL,
    headers       TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL DEFAULT 'due'
                  CHECK (status IN ('due', 'sending', 'sent', 'failed', 'blocked', 'unconfirmed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by    TEXT,
    claimed_until BIGINT,
    data_written_at BIGINT,
    queued_at     BIGINT  NOT NULL,
    last_attempt_at BIGINT,
    sent_at       BIGINT,
    last_error    TEXT,
    UNIQUE (recipient, kind, period)
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_last_attempt ON outbox (last_attempt_at);

-- Addresses whose mail failed permanently (an SMTP 5xx to RCPT or DATA). permanent_failures counts them since the last
-- message the address accepted; at 3 the address is blocked (blocked_at): its later mail is marked 'blocked', unsent.
CREATE TABLE mail_addresses (
    address            TEXT    NOT NULL PRIMARY KEY,
    permanent_failures INTEGER NOT NULL DEFAULT 0,
    blocked_at         BIGINT,
    last_error         TEXT,
    updated_at         BIGINT  NOT NULL
);
