package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.digest.DigestFixture;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;

/** {@code paperboy mail send-digests} and {@code mail preview} on a store with subscribers of every kind. */
class DigestCommandsTest {

    @TempDir
    Path tmp;
    private Path config;

    @BeforeEach
    void store() throws Exception {
        config = Files.writeString(tmp.resolve("paperboy.properties"), String.join("\n",
                "data.dir=" + tmp.resolve("data"), "embedding.provider=none", "http.public-url=https://papers.example.org",
                "mail.weekly-day=friday") + "\n");
        try (Paperboy paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, tmp.resolve("data").toString())
                .with(Key.EMBEDDING_PROVIDER, "none"))) {
            long member = DigestFixture.load(paperboy);
            var subscriptions = paperboy.subscriptions();
            subscriptions.subscribeVerified("picks@example.org", Preferences.of(Frequency.DAILY, true, ""), member);
            subscriptions.subscribeVerified("language@example.org", Preferences.of(Frequency.DAILY, false, "cs.CL"), member);
            subscriptions.subscribeVerified("algebra@example.org", Preferences.of(Frequency.DAILY, false, "math.AG"), member);
            subscriptions.subscribeVerified("weekly@example.org", Preferences.of(Frequency.WEEKLY, true, "cs.CL"), member);
            subscriptions.request("pending@example.org", Preferences.of(Frequency.DAILY, true, ""), null);
        }
    }

    @Test
    void aDryRunQueuesNothingAndASecondRunQueuesNothingNew() throws Exception {
        CommandRun dry = run("mail", "send-digests", "--date", "2026-11-30", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).isEqualTo("2026-11-30 (dry run, nothing queued): 3 due, 2 to queue, 0 already queued, "
                + "1 skipped (empty), 0 failed\n");
        assertThat(digestsQueued()).isZero();

        CommandRun first = run("mail", "send-digests", "--date", "2026-11-30");
        assertThat(first.out()).isEqualTo("2026-11-30: 3 due, 2 queued, 0 already queued, 1 skipped (empty), 0 failed\n");
        assertThat(digestsQueued()).isEqualTo(2);

        CommandRun second = run("mail", "send-digests");
        assertThat(second.out()).as("the latest announced day by default")
                .isEqualTo("2026-11-30: 3 due, 0 queued, 2 already queued, 1 skipped (empty), 0 failed\n");
        assertThat(digestsQueued()).isEqualTo(2);
    }

    @Test
    void weeklyDigestsGoOutOnTheWeeklyDay() throws Exception {
        CommandRun friday = run("mail", "send-digests", "--date", "2026-11-27");
        assertThat(friday.out()).as("the Friday before: the cs.CL paper of that day, for the daily and the weekly subscriber")
                .isEqualTo("2026-11-27: 4 due, 2 queued, 0 already queued, 2 skipped (empty), 0 failed\n");
    }

    @Test
    void previewWritesTheDigestAsAMessageAndAPage() throws Exception {
        Path out = tmp.resolve("preview");
        CommandRun preview = run("mail", "preview", "--to", "language@example.org", "--date", "2026-11-30",
                "--out", out.toString());

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        Path eml = out.resolve("language@example.org-2026-11-30.eml");
        Path html = out.resolve("language@example.org-2026-11-30.html");
        assertThat(preview.out()).isEqualTo(eml + "\n" + html + "\n");
        assertThat(Files.readString(html)).contains("/papers/2611.00001");
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            assertThat(message.getHeader("List-Unsubscribe")[0]).startsWith("<https://papers.example.org/unsubscribe/");
        }
        assertThat(digestsQueued()).as("a preview queues nothing").isZero();

        CommandRun unknown = run("mail", "preview", "--to", "stranger@example.org", "--date", "2026-11-30");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errLines()).containsExactly("paperboy: no subscription for stranger@example.org");
    }

    private CommandRun run(String... args) {
        String[] withConfig = java.util.Arrays.copyOf(args, args.length + 2);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        return CommandRun.of(withConfig);
    }

    private int digestsQueued() {
        try (Paperboy paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, tmp.resolve("data").toString())
                .with(Key.EMBEDDING_PROVIDER, "none"))) {
            return paperboy.database().read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM outbox WHERE kind LIKE 'digest-%'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
        }
    }

}
