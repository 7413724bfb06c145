package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paperboy.community.MailTokens.Purpose;
import org.paperboy.mail.Outbox;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/**
 * The SQL of account mail on both stores: a link works once even when two clicks race, an expired one is refused,
 * and following links changes the account as it should (RETURNING, lower() and the unique address index).
 */
class AccountMailStoreTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Database database;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    private AccountMail open(String store) {
        database = store.equals("sqlite") ? Database.open("jdbc:sqlite:" + dir.resolve("store.db"), null, null)
                : PostgresServer.newDatabase();
        Members members = new Members(database);
        return new AccountMail(database, members, new MailTokens(database, Clock.systemUTC()),
                new Outbox(database, Clock.systemUTC(), "papers.example.org"), "https://papers.example.org", true,
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void ofTwoClicksAtOnceOnlyOneUsesTheLink(String store) throws Exception {
        AccountMail accountMail = open(store);
        User ada = new Members(database).signUp("ada", null, "ada@example.org", PASSWORD);
        String secret = database.inTransaction(c -> accountMail.tokens().issue(c, Purpose.VERIFY_EMAIL, ada.id(),
                ada.email())).secret();
        CountDownLatch firstUsed = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<MailTokens.Token> first = CompletableFuture.supplyAsync(() -> database.inTransaction(c -> {
            MailTokens.Token token = accountMail.tokens().use(c, secret, Set.of(Purpose.VERIFY_EMAIL));
            firstUsed.countDown();
            try {
                commitFirst.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return token;
        }));
        assertThat(firstUsed.await(10, TimeUnit.SECONDS)).isTrue();
        // The second click's UPDATE waits for the first transaction's lock on the row (or on the store), then finds
        // the row used.
        CompletableFuture<MailTokens.Token> second = CompletableFuture.supplyAsync(() -> database.inTransaction(
                c -> accountMail.tokens().use(c, secret, Set.of(Purpose.VERIFY_EMAIL))));
        Thread.sleep(300);
        commitFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).userId()).isEqualTo(ada.id());
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(MailTokens.Refused.class).hasMessageContaining("used already");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anExpiredLinkIsRefusedAndAnUnknownOneToo(String store) {
        AccountMail accountMail = open(store);
        User ada = new Members(database).signUp("ada", null, "ada@example.org", PASSWORD);
        String secret = database.inTransaction(c -> accountMail.tokens().issue(c, Purpose.RESET_PASSWORD, ada.id(),
                ada.email())).secret();
        update("UPDATE mail_tokens SET expires_at = 1");
        assertThatThrownBy(() -> accountMail.resetPassword(secret, "a new password here"))
                .isInstanceOf(MailTokens.Refused.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> accountMail.confirmAddress("not-a-token"))
                .isInstanceOf(MailTokens.Refused.class).hasMessageContaining("not valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aResetSetsThePasswordAndEndsEverySession(String store) {
        AccountMail accountMail = open(store);
        Members members = new Members(database);
        Sessions sessions = new Sessions(database, Clock.systemUTC());
        User ada = members.signUp("ada", null, "ada@example.org", PASSWORD);
        Sessions.Session session = sessions.start(ada);
        accountMail.requestPasswordReset("ADA@EXAMPLE.ORG");
        assertThat(accountMail.resetPassword(lastSecret(), "a brand new passphrase").id()).isEqualTo(ada.id());
        assertThat(sessions.find(session.token())).isEmpty();
        assertThat(members.authenticate("ada", "a brand new passphrase")).isPresent();
        assertThat(members.authenticate("ada", PASSWORD)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void confirmingAChangeMovesTheAccountToTheNewAddress(String store) {
        AccountMail accountMail = open(store);
        Members members = new Members(database);
        User ada = members.signUp("ada", null, "ada@example.org", PASSWORD);
        accountMail.sendVerification(ada);
        accountMail.confirmAddress(lastSecret());
        assertThat(members.verifiedEmail(ada.id())).contains("ada@example.org");

        accountMail.requestEmailChange(ada, PASSWORD, "Ada@Lovelace.example");
        assertThat(members.verifiedEmail(ada.id())).as("the old address stays until the new one is confirmed")
                .contains("ada@example.org");
        AccountMail.Confirmed confirmed = accountMail.confirmAddress(lastSecret());
        assertThat(confirmed.changed()).isTrue();
        assertThat(members.verifiedEmail(ada.id())).contains("Ada@Lovelace.example");
        assertThat(members.findByEmail("ada@lovelace.example")).map(User::id).contains(ada.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anAddressTakenMeanwhileStaysWithItsAccount(String store) {
        AccountMail accountMail = open(store);
        Members members = new Members(database);
        User ada = members.signUp("ada", null, "ada@example.org", PASSWORD);
        accountMail.requestEmailChange(ada, PASSWORD, "shared@example.org");
        String secret = lastSecret();
        members.signUp("grace", null, "SHARED@example.org", PASSWORD);
        assertThatThrownBy(() -> accountMail.confirmAddress(secret)).isInstanceOf(CommunityException.class)
                .hasMessageContaining("belongs to another account");
        assertThat(members.findByEmail("ada@example.org")).map(User::id).contains(ada.id());
    }

    /** The secret of the link in the last mail queued: the text body ends its link with it. */
    private String lastSecret() {
        String text = database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT text_body FROM outbox ORDER BY outbox_id DESC LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        });
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private void update(String sql) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                return s.executeUpdate();
            }
        });
    }
}
