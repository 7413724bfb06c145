-- Saved semantic alerts (see org.paperboy.alerts): a member's standing question, matched against every new paper.
-- query: what the member asked, in their words ('' for a "more like these" alert); seed_papers: JSON array of paper
--        ids whose likes the alert wants ('[]' for a query alert). categories, authors, must_have, must_not: JSON
--        arrays of filters every match must pass. Instants are epoch milliseconds; a deleted alert keeps its row
--        (deleted_at) so that the matches it made keep their reason.
CREATE TABLE alerts (
    alert_id    ${identity},
    user_id     BIGINT NOT NULL REFERENCES users (user_id),
    name        TEXT   NOT NULL,
    query       TEXT   NOT NULL DEFAULT '',
    seed_papers TEXT   NOT NULL DEFAULT '[]',
    categories  TEXT   NOT NULL DEFAULT '[]',
    authors     TEXT   NOT NULL DEFAULT '[]',
    must_have   TEXT   NOT NULL DEFAULT '[]',
    must_not    TEXT   NOT NULL DEFAULT '[]',
    created_at  BIGINT NOT NULL,
    deleted_at  BIGINT
);

CREATE INDEX alerts_by_user ON alerts (user_id, alert_id);

-- The vectors an alert is matched with, computed once under the configured model (model) and again when it changes:
-- its query's (seed_paper_id '') or each seed paper's.
CREATE TABLE alert_vectors (
    alert_id      BIGINT  NOT NULL REFERENCES alerts (alert_id),
    seed_paper_id TEXT    NOT NULL,
    model         TEXT    NOT NULL,
    vector        ${blob} NOT NULL,
    PRIMARY KEY (alert_id, seed_paper_id)
);

-- What alerts found: a paper (by id, without version) reaches a member at most once, whichever of their alerts
-- matched it, however many versions or cross-lists it has. why: the line shown with it ("matches your alert ...").
CREATE TABLE alert_matches (
    match_id   ${identity},
    user_id    BIGINT           NOT NULL REFERENCES users (user_id),
    paper_id   TEXT             NOT NULL,
    alert_id   BIGINT           NOT NULL REFERENCES alerts (alert_id),
    score      DOUBLE PRECISION NOT NULL,
    why        TEXT             NOT NULL,
    matched_at BIGINT           NOT NULL,
    UNIQUE (user_id, paper_id)
);

CREATE INDEX alert_matches_by_user ON alert_matches (user_id, matched_at);

-- Per member: which generation of their feed secret is valid (rotating raises it, and the old URLs stop working).
CREATE TABLE alert_feed_keys (
    user_id    BIGINT  NOT NULL PRIMARY KEY REFERENCES users (user_id),
    generation INTEGER NOT NULL
);

-- The alerts' bookkeeping, one row: the change sequence through which papers have been matched (the matcher's cursor,
-- as the search index follows papers.change_seq), and a version raised by every change to alerts (so that each process
-- reloads its alert matrix). Feed secrets are derived from the site key 'alert-feeds' (table site_keys).
CREATE TABLE alert_state (
    matched_through BIGINT NOT NULL,
    alerts_version  BIGINT NOT NULL
);

INSERT INTO alert_state (matched_through, alerts_version) VALUES (0, 0);
