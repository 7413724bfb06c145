-- arXiv asks for one request every few seconds from a site as a whole, not per process: every Paperboy process on
-- this store takes its turn from this row (see ArxivHttp). next_request_at is epoch milliseconds.
CREATE TABLE arxiv_request_clock (
    name            TEXT   NOT NULL PRIMARY KEY,
    next_request_at BIGINT NOT NULL
);

INSERT INTO arxiv_request_clock (name, next_request_at) VALUES ('arxiv', 0);
