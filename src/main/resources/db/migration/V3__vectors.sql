-- Sentence embeddings of papers (title + abstract), one per paper, for semantic search and similar papers.
-- Derived data: computed in the background or imported; a paper's vector is replaced when it is re-embedded.
-- vector: little-endian float32 values, L2-normalised, `dimension` of them. source_hash: the paper's content_hash
-- when its text was embedded; a paper whose content_hash has changed since counts as missing a vector again.
-- Storing a vector also gives the paper a new papers.change_seq, so the search index picks the vector up.

CREATE TABLE paper_vectors (
    paper_id    TEXT    NOT NULL PRIMARY KEY REFERENCES papers (paper_id) ON DELETE CASCADE,
    model       TEXT    NOT NULL,                   -- EmbeddingModel.name(): vectors of different models never mix
    dimension   INTEGER NOT NULL,
    vector      ${blob} NOT NULL,
    source_hash TEXT    NOT NULL,
    stored_at   BIGINT  NOT NULL                    -- epoch ms
);

CREATE INDEX paper_vectors_by_model ON paper_vectors (model, paper_id);
