-- Signed-in browsers and API clients. Only SHA-256 hashes of their secrets are stored, so a copy of the database
-- holds no usable session or token.

CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,                    -- SHA-256 of the session cookie's value
    user_id    BIGINT NOT NULL REFERENCES users (user_id),
    csrf_token TEXT   NOT NULL,                       -- must come back with every form the session posts
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Bearer tokens for the API (POST /api/papers/submit...), created and revoked on the member's profile page.
CREATE TABLE api_tokens (
    token_id     ${identity},
    user_id      BIGINT NOT NULL REFERENCES users (user_id),
    name         TEXT   NOT NULL,
    token_hash   TEXT   NOT NULL UNIQUE,              -- SHA-256 of the token, which is shown once
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
