-- Members following authors (see org.paperboy.community.AuthorFollows): the name exactly as the catalog stores it
-- (arXiv lists authors as they wrote themselves), and when the member began to follow, from which day on the author's
-- new papers reach them. Looked up by author for each new paper, hence the second index.
CREATE TABLE author_follows (
    user_id     BIGINT NOT NULL REFERENCES users (user_id),
    author      TEXT   NOT NULL,
    followed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, author)
);

CREATE INDEX author_follows_by_author ON author_follows (author);

-- The followed authors' new papers each member has been brought (see org.paperboy.alerts.FollowedPapers): a paper
-- reaches a member once, however many of their authors wrote it, however many versions or cross-lists it has.
-- first_seen: the day the paper was first announced (else submitted), YYYY-MM-DD: the digest of that day (or week)
-- lists it. author: the followed author named in the reason.
CREATE TABLE followed_papers (
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    paper_id   TEXT   NOT NULL,
    author     TEXT   NOT NULL,
    first_seen TEXT   NOT NULL,
    found_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

CREATE INDEX followed_papers_by_day ON followed_papers (user_id, first_seen);

-- How far through the catalog's change sequence new papers have been looked at for followers (one row), as
-- alert_state.matched_through is for alerts.
CREATE TABLE author_follow_state (
    matched_through BIGINT NOT NULL
);

INSERT INTO author_follow_state (matched_through) VALUES (0);
