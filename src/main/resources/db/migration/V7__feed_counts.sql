-- Upvote and comment counts per paper, kept in step by the transactions that add or take back a vote or a comment,
-- so the community feed orders and pages in SQL without counting rows. Deleted comments do not count.

CREATE TABLE paper_counts (
    paper_id TEXT    NOT NULL PRIMARY KEY REFERENCES papers (paper_id),
    upvotes  INTEGER NOT NULL DEFAULT 0,
    comments INTEGER NOT NULL DEFAULT 0
);

INSERT INTO paper_counts (paper_id, upvotes, comments)
SELECT paper_id, SUM(upvote), SUM(comment)
FROM (SELECT paper_id, 1 AS upvote, 0 AS comment FROM upvotes
      UNION ALL
      SELECT paper_id, 0, 1 FROM comments WHERE deleted_at IS NULL) counted
GROUP BY paper_id;

-- The feed reads the live submissions of a range of days.
CREATE INDEX submissions_live_by_day ON submissions (feed_day, submitted_at) WHERE removed_at IS NULL;
