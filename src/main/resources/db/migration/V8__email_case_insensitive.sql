-- An email address belongs to one account whatever its case: Ada@Example.org and ada@example.org reach the same
-- mailbox in practice, so they must not make two accounts. (lower() folds ASCII letters on SQLite and all letters on
-- PostgreSQL; the application compares with the same lower() of the same engine, so each store is consistent.)
--
-- A store made before this rule may hold case-variants of one address on several accounts, and the unique index
-- below could not be built over them. No account has proved that it owns an address (there is no mail verification
-- yet), so the oldest account (the lowest user_id) keeps it, and newer accounts lose it from users.email. Their
-- addresses are not thrown away: they are kept here, for an operator to see and settle, and the accounts themselves
-- (their logins, submissions and votes) are untouched.

CREATE TABLE emails_set_aside (
    user_id BIGINT NOT NULL REFERENCES users (user_id),
    email   TEXT   NOT NULL,                          -- as it was stored in users.email
    reason  TEXT   NOT NULL
);

INSERT INTO emails_set_aside (user_id, email, reason)
SELECT u.user_id, u.email, 'an older account has the same address in another case'
FROM users u
WHERE u.email IS NOT NULL
  AND EXISTS (SELECT 1 FROM users o WHERE lower(o.email) = lower(u.email) AND o.user_id < u.user_id);

UPDATE users SET email = NULL WHERE user_id IN (SELECT user_id FROM emails_set_aside);

CREATE UNIQUE INDEX users_by_email ON users (lower(email));
