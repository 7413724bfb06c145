package org.paperboy.community;

import java.util.Locale;

/** What a member may do: members submit, vote and comment; curators also moderate; admins also manage members. */
public enum Role {
    MEMBER, CURATOR, ADMIN;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role as the store and forms spell it (member, curator, admin); empty if it is none of them. */
    public static java.util.Optional<Role> parse(String value) {
        return java.util.Arrays.stream(values()).filter(r -> r.dbValue().equals(value)).findFirst();
    }

    static Role fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean canModerate() {
        return this != MEMBER;
    }

    public boolean canManageMembers() {
        return this == ADMIN;
    }
}
