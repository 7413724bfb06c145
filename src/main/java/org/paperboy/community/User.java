package org.paperboy.community;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A member of the community. The password hash never leaves the store through this record. */
public record User(long id, String username, String displayName, String email, Role role, Instant createdAt) {

    /** The columns {@link #read} expects, in order, for a query that names the users table {@code u}. */
    static final String COLUMNS = "u.user_id, u.username, u.display_name, u.email, u.role, u.created_at";
    /** How many columns {@link #COLUMNS} names: a query's next column is {@code firstColumn + COLUMN_COUNT}. */
    static final int COLUMN_COUNT = 6;

    static User read(ResultSet rs, int firstColumn) throws SQLException {
        int c = firstColumn;
        return new User(rs.getLong(c), rs.getString(c + 1), rs.getString(c + 2), rs.getString(c + 3),
                Role.fromDb(rs.getString(c + 4)), Instant.ofEpochMilli(rs.getLong(c + 5)));
    }

    public boolean canModerate() {
        return role.canModerate();
    }
}
