package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.paperboy.community.MailTokens.Purpose;
import org.paperboy.mail.Outbox;
import org.paperboy.storage.Database;

/**
 * What a member does with their account through mail: proving an address (at sign-up, again on request, and before a
 * new address replaces the old one), resetting a forgotten password, and changing the password, which signs out every
 * browser. Mail is only queued here ({@link Outbox}); a token, its mail and the change it causes are one transaction.
 * When the site sends no mail ({@code mailEnabled} false) nothing is queued, and what needs a mail is refused.
 */
public final class AccountMail {

    private final Database database;
    private final Members members;
    private final MailTokens tokens;
    private final Outbox outbox;
    private final AccountMessages messages;
    private final boolean mailEnabled;
    private final Clock clock;

    public AccountMail(Database database, Members members, MailTokens tokens, Outbox outbox, String publicUrl,
                       boolean mailEnabled, Clock clock) {
        this.database = database;
        this.members = members;
        this.tokens = tokens;
        this.outbox = outbox;
        this.messages = new AccountMessages(publicUrl);
        this.mailEnabled = mailEnabled;
        this.clock = clock;
    }

    public boolean mailEnabled() {
        return mailEnabled;
    }

    public MailTokens tokens() {
        return tokens;
    }

    /**
     * After a sign-up: mails the new account's address a link to confirm it. When the address was left off the
     * account because another account has it ({@link Members#signUp}), the page says nothing of it, and that
     * account's owner gets a notice instead (at most one a day): it is likely them, having forgotten they have an
     * account, and the notice gives them the way back in.
     */
    public void signedUp(User user, String typedEmail) {
        if (!mailEnabled) {
            return;
        }
        if (user.email() != null) {
            sendVerification(user);
            return;
        }
        String typed = Members.checkedEmail(typedEmail);
        if (typed != null) {
            members.findByEmail(typed).ifPresent(owner -> noticeAddressInUse(owner, typed));
        }
    }

    /** Mails the member's address a new link to confirm it. */
    public void sendVerification(User user) {
        requireMail();
        if (user.email() == null) {
            throw CommunityException.invalid("your account has no address to confirm; add one first");
        }
        if (members.verifiedEmail(user.id()).isPresent()) {
            throw CommunityException.invalid(user.email() + " is confirmed already");
        }
        queueing(c -> {
            MailTokens.Issued issued = tokens.issue(c, Purpose.VERIFY_EMAIL, user.id(), user.email());
            return outbox.enqueue(c, Purpose.VERIFY_EMAIL.dbValue, Long.toString(issued.id()),
                    messages.verify(user, user.email(), issued.secret()));
        });
    }

    /**
     * Mails a link to choose a new password to the account that has this address, if there is one and it is not
     * disabled; says nothing either way, so that the form does not tell who has an account. Any address on an
     * account will do, confirmed or not: reading the mail proves the mailbox is the member's, as following a
     * confirmation link would.
     */
    public void requestPasswordReset(String email) {
        requireMail();
        String address = Members.checkedEmail(email);
        if (address == null) {
            throw CommunityException.invalid("give the address of your account");
        }
        Optional<User> owner = members.findByEmail(address);
        if (owner.isEmpty() || members.isDisabled(owner.get())) {
            return;
        }
        User user = owner.get();
        queueing(c -> {
            MailTokens.Issued issued = tokens.issue(c, Purpose.RESET_PASSWORD, user.id(), user.email());
            return outbox.enqueue(c, Purpose.RESET_PASSWORD.dbValue, Long.toString(issued.id()),
                    messages.resetPassword(user, user.email(), issued.secret()));
        });
    }

    /**
     * Follows a reset link: sets the new password and ends all the member's sessions; returns the member, for a
     * session of this browser. The link is checked before the password (so an expired one says so first), and used
     * only once the password passes the rules (so a refused password does not spend it).
     */
    public User resetPassword(String secret, String newPassword) {
        tokens.check(secret, Set.of(Purpose.RESET_PASSWORD));
        String hash = Passwords.hash(newPassword);
        return database.inTransaction(c -> {
            MailTokens.Token token = tokens.use(c, secret, Set.of(Purpose.RESET_PASSWORD));
            setPassword(c, token.userId(), hash);
            return user(c, token.userId());
        });
    }

    /** Changes the password of a member who knows the current one; every session of theirs ends. */
    public void changePassword(User user, String currentPassword, String newPassword) {
        requirePassword(user, currentPassword);
        String hash = Passwords.hash(newPassword);
        database.inTransaction(c -> {
            setPassword(c, user.id(), hash);
            return null;
        });
    }

    /**
     * A member who knows their password asks to move their account to another address: a link goes to the new
     * address, and the account keeps the old one until it is followed. An address another account has gets that
     * account's owner a notice instead, and the member is told the same as for a free one.
     */
    public void requestEmailChange(User user, String currentPassword, String newEmail) {
        requireMail();
        String address = Members.checkedEmail(newEmail);
        if (address == null) {
            throw CommunityException.invalid("give the new address");
        }
        requirePassword(user, currentPassword);
        if (user.email() != null && user.email().equalsIgnoreCase(address)) {
            throw CommunityException.invalid(address + " is your address already");
        }
        Optional<User> owner = members.findByEmail(address);
        if (owner.isPresent()) {
            noticeAddressInUse(owner.get(), address);
            return;
        }
        queueing(c -> {
            MailTokens.Issued issued = tokens.issue(c, Purpose.CHANGE_EMAIL, user.id(), address);
            return outbox.enqueue(c, Purpose.CHANGE_EMAIL.dbValue, Long.toString(issued.id()),
                    messages.verify(user, address, issued.secret()));
        });
    }

    /** What following a confirmation link did. */
    public record Confirmed(String username, String email, boolean changed) {}

    /**
     * Follows a link to confirm an address: the account's own ({@code verify-email}), or a new one, which then
     * replaces the old ({@code change-email}; the old address is told, and reset links sent to it stop working).
     */
    public Confirmed confirmAddress(String secret) {
        try {
            return queueing(c -> {
                MailTokens.Token token = tokens.use(c, secret, Set.of(Purpose.VERIFY_EMAIL, Purpose.CHANGE_EMAIL));
                User user = user(c, token.userId());
                if (token.purpose() == Purpose.VERIFY_EMAIL) {
                    if (user.email() == null || !user.email().equalsIgnoreCase(token.email())) {
                        throw MailTokens.stale("this link was for " + token.email() + ", which is no longer the address "
                                + "of your account");
                    }
                    update(c, "UPDATE users SET email_verified_at = ? WHERE user_id = ?", null, user.id());
                    return new Confirmed(user.username(), user.email(), false);
                }
                update(c, "UPDATE users SET email = ?, email_verified_at = ? WHERE user_id = ?", token.email(), user.id());
                MailTokens.revoke(c, user.id(), Purpose.RESET_PASSWORD, clock.millis());
                if (user.email() != null && !user.email().equalsIgnoreCase(token.email())) {
                    outbox.enqueue(c, "address-changed", Long.toString(token.id()),
                            messages.addressChanged(user, user.email(), token.email()));
                }
                return new Confirmed(user.username(), token.email(), true);
            });
        } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) {
                throw CommunityException.conflict("this address belongs to another account now, so it cannot be yours "
                        + "here; your account keeps its address");
            }
            throw e;
        }
    }

    /**
     * Runs {@code work}, which may queue mail, in a transaction, then wakes the delivery: mail queued in a transaction
     * can leave only once it commits, and would otherwise wait for the delivery's next scheduled run.
     */
    private <T> T queueing(Database.SqlFunction<Connection, T> work) {
        T result = database.inTransaction(work);
        outbox.wakeDelivery();
        return result;
    }

    private void noticeAddressInUse(User owner, String address) {
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        outbox.enqueue("address-in-use", today, messages.addressInUse(owner, address.toLowerCase(Locale.ROOT)));
    }

    private void requireMail() {
        if (!mailEnabled) {
            throw CommunityException.invalid("this site does not send mail; ask an admin");
        }
    }

    private void requirePassword(User user, String password) {
        if (members.authenticate(user.username(), password).isEmpty()) {
            throw CommunityException.forbidden("the current password is wrong");
        }
    }

    /** The new password hash; every session ends and unused reset links stop working. */
    private void setPassword(Connection c, long userId, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET password_hash = ? WHERE user_id = ?")) {
            s.setString(1, hash);
            s.setLong(2, userId);
            s.executeUpdate();
        }
        MailTokens.revoke(c, userId, Purpose.RESET_PASSWORD, clock.millis());
        Sessions.endAll(c, userId);
    }

    /** Runs an update whose parameters are (the text if given, the time now, the member). */
    private void update(Connection c, String sql, String text, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (text != null) {
                s.setString(i++, text);
            }
            s.setLong(i++, clock.millis());
            s.setLong(i, userId);
            s.executeUpdate();
        }
    }

    private static User user(Connection c, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + " FROM users u WHERE u.user_id = ?")) {
            s.setLong(1, userId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return User.read(rs, 1);
            }
        }
    }
}
