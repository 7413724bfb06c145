package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.community.AccountMail;
import org.paperboy.community.Members;
import org.paperboy.community.MailTokens;
import org.paperboy.community.User;
import org.paperboy.storage.Database;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscriptions;

/**
 * Mail queued in a transaction (a confirmation link, a password reset) wakes the outbox's delivery once that
 * transaction has committed, as mail queued on its own does: otherwise it waits for the delivery's next scheduled run,
 * half a minute, while the person waits for the link.
 */
class QueuedMailWakesDeliveryTest {

    @TempDir
    Path dir;
    private Database database;
    /** For each wake, the number of queued messages the delivery could see then (committed ones). */
    private final List<Integer> wakes = new ArrayList<>();
    private Outbox outbox;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("store.db"), null, null);
        outbox = new Outbox(database, Clock.systemUTC(), "papers.example.org", () -> wakes.add(committedMessages()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSubscriptionRequestWakesTheDeliveryWithItsConfirmationCommitted() {
        Subscriptions subscriptions = new Subscriptions(database, outbox, Clock.systemUTC(), "https://papers.example.org");

        subscriptions.request("ada@example.org", Preferences.of(Frequency.DAILY, true, ""), null);

        assertThat(wakes).containsExactly(1);
    }

    @Test
    void accountLinksWakeTheDeliveryWithTheirMailCommitted() {
        Members members = new Members(database);
        AccountMail accountMail = new AccountMail(database, members, new MailTokens(database, Clock.systemUTC()),
                outbox, "https://papers.example.org", true, Clock.systemUTC());
        User ada = members.signUp("ada", null, "ada@example.org", "correct horse battery");

        accountMail.sendVerification(ada);
        accountMail.requestPasswordReset("ada@example.org");
        accountMail.requestEmailChange(ada, "correct horse battery", "ada@new.example.org");

        assertThat(wakes).containsExactly(1, 2, 3);
    }

    private int committedMessages() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
