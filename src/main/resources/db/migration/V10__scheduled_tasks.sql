-- The background scheduler's table, as db-scheduler 16 reads and writes it (its postgresql_tables.sql): one row per
-- recurring job ('recurring' instance). A node picks a due row with a versioned update (PostgreSQL: FOR UPDATE SKIP
-- LOCKED), beats its heartbeat while the job runs, and writes the next time, the outcome and the failure count after.
-- SQLite reads the type names as NUMERIC: db-scheduler binds its times there as UTC milliseconds (integers), which
-- compare as times do.
CREATE TABLE scheduled_tasks (
    task_name            TEXT    NOT NULL,
    task_instance        TEXT    NOT NULL,
    task_data            ${blob},
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            TEXT,                          -- the node running it: host:pid
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT  NOT NULL,
    priority             SMALLINT,                      -- db-scheduler's schema has it; read only if priorities are on
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
