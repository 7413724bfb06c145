-- What arXiv announced on each listing day, and as what: one row per (listing day, paper).
-- listing_day: the listing's date as arXiv dates it, in US Eastern time (YYYY-MM-DD): the announcement made on Tuesday at
--   20:00 is Wednesday's listing, the day an announcement feed's entries give as <published>.
-- announce_type: new | cross | replace | replace-cross, as the feeds say; type_rank orders a day's listing the same way
--   (0 new, 1 cross, 2 replace, 3 replace-cross), and says which of two rows for one paper on one day is kept.
-- estimated: 0 for a row read from arXiv's listing; 1 for a day estimated from the version's submission time and arXiv's
--   schedule (a paper harvested without its listing having been read). An official row for the same version replaces it.
-- A row may name a paper the catalog does not hold yet: a new paper takes its announcement day from it when it arrives.
CREATE TABLE announcements (
    listing_day   TEXT    NOT NULL,
    paper_id      TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    announce_type TEXT    NOT NULL,
    type_rank     INTEGER NOT NULL,
    estimated     INTEGER NOT NULL,
    recorded_at   BIGINT  NOT NULL,                 -- epoch ms
    PRIMARY KEY (listing_day, paper_id)
);

CREATE INDEX announcements_by_paper ON announcements (paper_id, version);

-- The last read of each announcement feed (feed: its categories as in the URL, e.g. cs+cs.AI+hep-th), for the admin
-- page. attempted_at and error describe the last attempt (error null when it succeeded); the other columns describe the
-- last successful read: the listing day (null when the feed was empty) and what it held.
CREATE TABLE listing_reads (
    feed                TEXT    NOT NULL PRIMARY KEY,
    attempted_at        BIGINT  NOT NULL,
    error               TEXT,
    succeeded_at        BIGINT,
    listing_day         TEXT,
    new_count           INTEGER NOT NULL,
    cross_count         INTEGER NOT NULL,
    replace_count       INTEGER NOT NULL,
    replace_cross_count INTEGER NOT NULL,
    skipped_count       INTEGER NOT NULL,
    missing_count       INTEGER NOT NULL
);
