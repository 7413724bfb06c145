-- Members' reading lists (see org.paperboy.community.PaperCollections): named collections of papers, private unless made
-- public. collection_id: random, the id in its links (a sequential one would tell how many collections exist and let
-- anyone walk them). A member's collection names are unique; their default one, "Reading list", is made on first save.
-- Instants are epoch milliseconds.
CREATE TABLE collections (
    collection_id TEXT    NOT NULL PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (user_id),
    name          TEXT    NOT NULL,
    is_public     INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL
);

CREATE UNIQUE INDEX collections_by_owner ON collections (user_id, name);

-- The papers of a collection, by id without version (a collection keeps a paper whatever version arXiv has now), once
-- each. entry_id orders them as they were saved (two saves in one millisecond included).
CREATE TABLE collection_papers (
    entry_id      ${identity},
    collection_id TEXT   NOT NULL REFERENCES collections (collection_id),
    paper_id      TEXT   NOT NULL,
    added_at      BIGINT NOT NULL
);

CREATE UNIQUE INDEX collection_papers_once ON collection_papers (collection_id, paper_id);
