package org.paperboy.community;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import org.paperboy.storage.Database;

/**
 * The community's accounts: sign-up, login, roles and disabling. Usernames and (case-folded) emails are unique by
 * the schema, so two sign-ups at once cannot take the same one.
 */
public final class Members {

    /** Usernames appear in URLs and mentions: lower-case letters, digits, _ and -, 2 to 32 of them. */
    public static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z0-9_-]{2,32}");
    public static final int MAX_DISPLAY_NAME = 80;
    public static final int MAX_EMAIL = 254;

    /** Verified against when the username is unknown, so that both cases cost one Argon2 computation. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password");

    private final Database database;

    public Members(Database database) {
        this.database = database;
    }

    public User createUser(String username, String displayName, String email, String passwordHash, Role role) {
        Instant now = Instant.now();
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (username, display_name, email, "
                        + "password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING user_id")) {
                    s.setString(1, username);
                    s.setString(2, displayName);
                    s.setString(3, email);
                    s.setString(4, passwordHash);
                    s.setString(5, role.dbValue());
                    s.setLong(6, now.toEpochMilli());
                    return new User(Sql.returnedId(s), username, displayName, email, role, now);
                }
            });
        } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) {
                throw CommunityException.conflict("the username or email is already taken");
            }
            throw e;
        }
    }

    public Optional<User> findUser(String username) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + " FROM users u WHERE u.username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(User.read(rs, 1)) : Optional.<User>empty();
                }
            }
        });
    }

    /**
     * Signs up a member: checks the username (case-folded), display name (the username when blank), email
     * (optional) and password, and stores the password's Argon2id hash. A username that is taken is refused (usernames
     * are public). An email that another account already has, in any case, is left off the new account and the
     * sign-up goes ahead as with a new address, so that signing up does not tell who is registered; the address stays
     * with the account that has it.
     */
    public User signUp(String username, String displayName, String email, String password) {
        String handle = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(handle).matches()) {
            throw CommunityException.invalid("a username is 2 to 32 characters: a-z, 0-9, _ and -");
        }
        String name = displayName == null || displayName.isBlank() ? handle : displayName.strip();
        if (name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw CommunityException.invalid("a display name is at most " + MAX_DISPLAY_NAME + " characters, on one line");
        }
        String mail = checkedEmail(email);
        String hash = Passwords.hash(password);
        try {
            return createUser(handle, name, mail == null || findByEmail(mail).isPresent() ? null : mail, hash, Role.MEMBER);
        } catch (CommunityException e) {
            if (e.kind() != CommunityException.Kind.CONFLICT) {
                throw e;
            }
        }
        // Either the username is taken, or another sign-up registered the address since findByEmail looked.
        if (findUser(handle).isPresent()) {
            throw CommunityException.conflict("the username '" + handle + "' is taken; choose another");
        }
        return createUser(handle, name, null, hash, Role.MEMBER);
    }

    /** The address, stripped; null when blank; {@link CommunityException} when it is not one. */
    static String checkedEmail(String email) {
        String mail = email == null || email.isBlank() ? null : email.strip();
        if (mail != null && (mail.length() > MAX_EMAIL || !mail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw CommunityException.invalid("'" + mail.substring(0, Math.min(mail.length(), 60)) + "' is not an email address");
        }
        return mail;
    }

    /** The account with this address, compared as the unique index on lower(email) compares. */
    public Optional<User> findByEmail(String email) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + " FROM users u "
                    + "WHERE lower(u.email) = lower(?)")) {
                s.setString(1, email);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(User.read(rs, 1)) : Optional.<User>empty();
                }
            }
        });
    }

    /**
     * The member's address if they have proved it is theirs (followed the link mailed to it) and the account is not
     * disabled: the only addresses the site mails digests and alerts to.
     */
    public Optional<String> verifiedEmail(long userId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT email FROM users WHERE user_id = ? "
                    + "AND email IS NOT NULL AND email_verified_at IS NOT NULL AND disabled_at IS NULL")) {
                s.setLong(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * The member with this username and password, if both are right and the account is not disabled. Takes the
     * same time whether or not the username exists, so a login form does not tell which usernames are taken.
     */
    public Optional<User> authenticate(String username, String password) {
        record Stored(User user, String hash, boolean disabled) {}
        Optional<Stored> stored = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + ", u.password_hash, u.disabled_at "
                    + "FROM users u WHERE u.username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Stored>empty();
                    }
                    User user = User.read(rs, 1);
                    String hash = rs.getString(7);
                    rs.getLong(8);
                    return Optional.of(new Stored(user, hash, !rs.wasNull()));
                }
            }
        });
        boolean matches = Passwords.verify(password, stored.map(Stored::hash).orElse(DUMMY_HASH));
        return stored.filter(s -> matches && !s.disabled()).map(Stored::user);
    }

    /** An admin gives a member another role (member, curator, admin). */
    public void changeRole(User admin, User member, Role role) {
        requireAdmin(admin);
        if (admin.id() == member.id() && role != Role.ADMIN) {
            throw CommunityException.invalid("you cannot take away your own admin role; ask another admin");
        }
        updateUser("UPDATE users SET role = ? WHERE user_id = ?", role.dbValue(), member.id());
    }

    /**
     * An admin disables an account (its sessions and API tokens stop working at once and it cannot log in) or
     * enables it again. What the member wrote stays.
     */
    public void setDisabled(User admin, User member, boolean disabled) {
        requireAdmin(admin);
        if (admin.id() == member.id()) {
            throw CommunityException.invalid("you cannot disable your own account");
        }
        updateUser("UPDATE users SET disabled_at = CAST(? AS BIGINT) WHERE user_id = ?",
                disabled ? Long.toString(System.currentTimeMillis()) : null, member.id());
    }

    public boolean isDisabled(User member) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT disabled_at FROM users WHERE user_id = ?")) {
                s.setLong(1, member.id());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getObject(1) != null;
                }
            }
        });
    }

    private static void requireAdmin(User user) {
        if (!user.role().canManageMembers()) {
            throw CommunityException.forbidden("only admins can manage members");
        }
    }

    private void updateUser(String sql, String value, long userId) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, value);
                s.setLong(2, userId);
                return s.executeUpdate();
            }
        });
    }
}
