package org.paperboy.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;

class OutboxTest {

    @TempDir
    Path dir;
    private Database database;
    private Outbox outbox;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("store.db"), null, null);
        outbox = new Outbox(database, Clock.systemUTC(), "papers.example.org");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void queuesOneMessagePerRecipientKindAndPeriod() {
        MailMessage digest = new MailMessage("Ada@Example.org", "Trending papers", "text", "<p>html</p>",
                Map.of("List-Unsubscribe", "<https://papers.example.org/u/x>"), null);
        assertTrue(outbox.enqueue("digest", "2026-11-30", digest));
        assertFalse(outbox.enqueue("digest", "2026-11-30", digest), "the same digest again");
        assertFalse(outbox.enqueue("digest", "2026-11-30",
                new MailMessage("ada@example.org", "Other", "t", "h")), "the same address in another case");
        assertTrue(outbox.enqueue("digest", "2026-12-01", digest), "the next day's");
        assertEquals(2, count());
    }

    @Test
    void messageIdsAreStableAndHideTheAddress() {
        String id = outbox.messageId("ada@example.org", "digest", "2026-11-30");
        assertEquals(id, new Outbox(database, Clock.systemUTC(), "papers.example.org")
                .messageId("ada@example.org", "digest", "2026-11-30"));
        assertFalse(id.contains("ada"));
        new MailMessage("ada@example.org", "s", "t", "h", Map.of(), id); // a valid Message-ID
    }

    @Test
    void headersSurviveTheStore() {
        Map<String, String> headers = Map.of("List-Unsubscribe", "<https://papers.example.org/u/x>",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertEquals(headers, Outbox.parseHeaderLines(Outbox.headerLines(headers)));
    }

    private int count() {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
