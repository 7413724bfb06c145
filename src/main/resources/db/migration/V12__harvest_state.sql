-- Where the OAI-PMH harvest of each arXiv set stands, and what its last run did (see HarvestState).
-- last_completed_day: the responseDate day (UTC, YYYY-MM-DD) of the last harvest that read its listing to the end and
--        stored every record; the next incremental harvest starts a day before it. Null until one completes. It only
--        moves forward, and only a completed run moves it.
-- last_completed_at: when the last completed harvest that reached the present ended (epoch ms): how fresh the catalog
--        is, for health checks (arxiv.stale-after). Null until one completes.
-- run_*: the last run, written when it starts (outcome 'running') and again when it ends ('completed', 'failed' or
--        'stopped'). A run killed on the way leaves 'running' behind; that blocks nothing, the next run overwrites it.
--        Instants are epoch milliseconds; days are YYYY-MM-DD; run_error is a sentence for the admin, or null.
CREATE TABLE harvest_state (
    set_spec           TEXT    NOT NULL PRIMARY KEY,
    last_completed_day TEXT,
    last_completed_at  BIGINT,
    run_from           TEXT    NOT NULL,
    run_until          TEXT,
    run_started_at     BIGINT  NOT NULL,
    run_ended_at       BIGINT,
    run_outcome        TEXT    NOT NULL,
    run_records        BIGINT  NOT NULL DEFAULT 0,
    run_added          BIGINT  NOT NULL DEFAULT 0,
    run_updated        BIGINT  NOT NULL DEFAULT 0,
    run_unchanged      BIGINT  NOT NULL DEFAULT 0,
    run_older          BIGINT  NOT NULL DEFAULT 0,
    run_skipped        BIGINT  NOT NULL DEFAULT 0,
    run_requests       BIGINT  NOT NULL DEFAULT 0,
    run_waited_ms      BIGINT  NOT NULL DEFAULT 0,
    run_error          TEXT
);
