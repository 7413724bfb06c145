-- The community: members, the papers they submit to a day's feed, their upvotes and comments.

CREATE TABLE users (
    user_id       ${identity},
    username      TEXT   NOT NULL UNIQUE,             -- lower-case handle, used in URLs
    display_name  TEXT   NOT NULL,
    email         TEXT   UNIQUE,
    password_hash TEXT   NOT NULL,                    -- PHC string of a memory-hard hash
    role          TEXT   NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'curator', 'admin')),
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

-- A paper appears in the community feed of the day it was submitted, at most once ever.
CREATE TABLE submissions (
    submission_id ${identity},
    paper_id      TEXT   NOT NULL UNIQUE REFERENCES papers (paper_id),
    feed_day      TEXT   NOT NULL,                    -- YYYY-MM-DD, the feed it belongs to
    submitted_by  BIGINT NOT NULL REFERENCES users (user_id),
    submitted_at  BIGINT NOT NULL,
    removed_at    BIGINT,                             -- set when a curator removes it; kept so it cannot be resubmitted
    removed_by    BIGINT REFERENCES users (user_id)
);

CREATE INDEX submissions_by_day ON submissions (feed_day);
CREATE INDEX submissions_by_user ON submissions (submitted_by, submitted_at);

-- One upvote per member per paper; the primary key makes counts exact under concurrent clicks.
CREATE TABLE upvotes (
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    paper_id   TEXT   NOT NULL REFERENCES papers (paper_id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

CREATE INDEX upvotes_by_paper ON upvotes (paper_id, created_at);

-- Threaded comments; a deleted comment keeps its row (and its replies) with the body cleared.
CREATE TABLE comments (
    comment_id ${identity},
    paper_id   TEXT   NOT NULL REFERENCES papers (paper_id),
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    parent_id  BIGINT REFERENCES comments (comment_id),
    body       TEXT   NOT NULL,                       -- Markdown source, rendered to a safe subset on display
    created_at BIGINT NOT NULL,
    edited_at  BIGINT,
    deleted_at BIGINT
);

CREATE INDEX comments_by_paper ON comments (paper_id, created_at);
CREATE INDEX comments_by_user ON comments (user_id, created_at);
