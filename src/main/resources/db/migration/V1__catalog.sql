-- The catalog: the source of truth for papers. Everything else (search index, feeds, digests) derives from it.
-- Portable across SQLite and PostgreSQL: instants are epoch milliseconds (BIGINT), days are ISO text (YYYY-MM-DD),
-- lists are JSON text; the identity column type is the one Flyway placeholder.

CREATE TABLE papers (
    paper_id         TEXT    NOT NULL PRIMARY KEY,  -- canonical arXiv id without version, or namespace:local
    version          INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    abstract         TEXT    NOT NULL,
    authors          TEXT    NOT NULL,              -- JSON array of names, in the paper's order
    author_count     INTEGER NOT NULL,
    categories       TEXT    NOT NULL,              -- JSON array, primary category first (filters: the search index)
    primary_category TEXT,
    comments         TEXT,
    journal_ref      TEXT,
    doi              TEXT,
    license          TEXT,
    submitted_at     BIGINT,                        -- version 1, epoch ms
    updated_at       BIGINT,                        -- latest version, epoch ms
    announced_on     TEXT,                          -- YYYY-MM-DD
    content_hash     TEXT    NOT NULL,              -- of the fields above: a re-import of the same record changes nothing
    change_seq       BIGINT  NOT NULL,              -- raised on every insert and update; derived indexes follow it
    stored_at        BIGINT  NOT NULL
);

CREATE UNIQUE INDEX papers_by_change_seq ON papers (change_seq);
CREATE INDEX papers_by_announced ON papers (announced_on, paper_id);

-- Monotonic counters. Taking the next value locks the row until commit, so change_seq values become
-- visible in the order they were handed out: a reader that has seen seq N has seen everything below N.
CREATE TABLE counters (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO counters (name, value) VALUES ('paper_change', 0);
