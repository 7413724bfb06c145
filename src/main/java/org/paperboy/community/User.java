package org.paperboy.community;

import java.time.Instant;

/** A member of the community. The password hash never leaves the store through this record. */
public record User(long id, String username, String displayName, String email, Role role, Instant createdAt) {}
