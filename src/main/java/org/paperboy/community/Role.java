package org.paperboy.community;

import java.util.Locale;

/** What a member may do: members submit, vote and comment; curators also moderate; admins also manage members. */
public enum Role {
    MEMBER, CURATOR, ADMIN;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean canModerate() {
        return this != MEMBER;
    }
}
