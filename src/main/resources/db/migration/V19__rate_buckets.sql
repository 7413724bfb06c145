-- Rate-limit buckets shared by the nodes of a cluster (bucket4j's PostgreSQL proxy manager reads and writes them
-- under a row lock): the account-protecting limits (log-in, sign-up, password reset) count across every node.
-- Created on SQLite too, where limits are kept in memory and the table stays empty.
CREATE TABLE rate_buckets (
    id         TEXT PRIMARY KEY,
    state      ${blob},
    expires_at BIGINT
);

CREATE INDEX rate_buckets_expires ON rate_buckets (expires_at);
