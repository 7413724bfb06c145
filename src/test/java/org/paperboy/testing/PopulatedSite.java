package org.paperboy.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.ApiTokens;
import org.paperboy.community.AuthorFollows;
import org.paperboy.community.Comment;
import org.paperboy.community.PaperCollection;
import org.paperboy.community.PaperCollections;
import org.paperboy.community.Sessions;
import org.paperboy.community.User;
import org.paperboy.embed.VectorStore;
import org.paperboy.storage.SiteKeys;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;

/**
 * A site with something in every table of the store: papers and their vectors, members with sessions and API tokens,
 * submissions, votes, threaded comments, reading lists, followed authors, alerts and what they found, subscriptions,
 * mail (queued, sent, blocked addresses, account links), arXiv's listings and the harvest's state, the scheduler's
 * jobs. Members act through Paperboy's own classes; the bookkeeping a harvest, the mailer or the scheduler would write
 * is written as they write it. A table that a later migration adds is empty here until it is added below, and the
 * migrate tests, which require every table to hold rows, say so.
 */
public final class PopulatedSite {

    public static final LocalDate DAY = LocalDate.of(2025, 3, 18);
    public static final String PASSWORD = "correct horse battery staple 9";
    private static final Instant SUBMITTED = Instant.parse("2025-03-16T12:00:00Z");
    private static final long T = Instant.parse("2025-03-18T09:30:00Z").toEpochMilli();

    /** What tests need to look at the site: the member who did everything, their session, token and reading list. */
    public record Site(String member, String sessionToken, String apiToken, String readingList, List<PaperId> papers) {}

    private PopulatedSite() {}

    public static Site populate(Paperboy paperboy) {
        List<Paper> papers = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            papers.add(paper(n));
        }
        paperboy.catalog().upsert(papers);
        List<PaperId> ids = papers.stream().map(Paper::id).toList();
        new VectorStore(paperboy.database()).storeAll(Map.of(ids.get(0), vector(1), ids.get(1), vector(2)), "test-model");

        User ada = paperboy.members().signUp("ada", "Ada Lovelace", "ada@example.org", PASSWORD);
        User bob = paperboy.members().signUp("bob", "Bob Ünicode 😀", "bob@example.org", PASSWORD);
        paperboy.feed().submit(ada.id(), ids.get(0), DAY);
        paperboy.feed().submit(bob.id(), ids.get(1), DAY);
        paperboy.votes().upvote(ada.id(), ids.get(1));
        paperboy.votes().upvote(bob.id(), ids.get(1));
        paperboy.votes().upvote(bob.id(), ids.get(0));
        Comment question = paperboy.comments().addComment(bob.id(), ids.get(1), null,
                "Does this scale to **long** videos? Schrödinger’s cat says 🐈");
        paperboy.comments().addComment(ada.id(), ids.get(1), question.id(), "It does, see section 4.\n\n> quoted");
        Comment gone = paperboy.comments().addComment(ada.id(), ids.get(0), null, "A comment soon deleted");
        paperboy.comments().deleteComment(ada, gone.id());
        Sessions.Session session = paperboy.sessions().start(ada);
        ApiTokens.NewToken token = paperboy.apiTokens().create(ada, "laptop");
        PaperCollections collections = new PaperCollections(paperboy.database());
        PaperCollection readingList = collections.saveByName(ada, "Reading list", ids.get(2));
        collections.save(ada, readingList.id(), ids.get(0));
        collections.setPublic(ada, readingList.id(), true);
        new AuthorFollows(paperboy.database()).follow(ada.id(), "Grace Hopper", Instant.ofEpochMilli(T));
        paperboy.subscriptions().request("reader@example.org", new Preferences(Frequency.DAILY, true, List.of("cs.LG"), false), null);
        paperboy.subscriptions().subscribeVerified("ada@example.org", new Preferences(Frequency.WEEKLY, false, List.of(), true), ada.id());
        new SiteKeys(paperboy.database()).secret("unsubscribe");
        paperboy.database().inTransaction(c -> {
            bookkeeping(c, ada.id(), bob.id(), ids);
            return null;
        });
        return new Site("ada", session.token(), token.secret(), readingList.id(), ids);
    }

    /** Rows the harvest, the mailer, the alert matcher and the scheduler write in their course. */
    private static void bookkeeping(Connection c, long ada, long bob, List<PaperId> ids) throws SQLException {
        insert(c, "INSERT INTO announcements (listing_day, paper_id, version, announce_type, type_rank, estimated, recorded_at) "
                + "VALUES (?, ?, 1, 'new', 0, 0, ?)", DAY.toString(), ids.get(0).toString(), T);
        insert(c, "INSERT INTO listing_reads (feed, attempted_at, error, succeeded_at, listing_day, new_count, cross_count, "
                + "replace_count, replace_cross_count, skipped_count, missing_count) VALUES ('cs.LG', ?, NULL, ?, ?, 6, 0, 0, 0, 0, 0)",
                T, T, DAY.toString());
        insert(c, "INSERT INTO harvest_state (set_spec, last_completed_day, last_completed_at, run_from, run_until, "
                + "run_started_at, run_ended_at, run_outcome, run_records, run_added, run_error) "
                + "VALUES ('cs', ?, ?, '2025-03-17', NULL, ?, ?, 'completed', 6, 6, NULL)", DAY.toString(), T, T - 5000, T);
        insert(c, "INSERT INTO outbox (recipient, kind, period, message_id, subject, text_body, html_body, headers, status, "
                + "attempts, next_attempt_at, queued_at, last_attempt_at, sent_at) VALUES ('bob@example.org', 'digest', "
                + "'2025-03-18', '<d1@example.org>', 'Your digest', 'Papers', '<p>Papers</p>', 'List-Id: digest', 'sent', 1, ?, ?, ?, ?)",
                T, T, T, T);
        insert(c, "INSERT INTO mail_addresses (address, permanent_failures, blocked_at, last_error, updated_at) "
                + "VALUES ('gone@example.org', 3, ?, '550 no such user', ?)", T, T);
        insert(c, "INSERT INTO mail_tokens (token_hash, purpose, user_id, email, created_at, expires_at, used_at) "
                + "VALUES ('5f2b', 'verify-email', ?, 'bob@example.org', ?, ?, NULL)", bob, T, T + 86_400_000L);
        insert(c, "INSERT INTO emails_set_aside (user_id, email, reason) VALUES (?, 'BOB@example.org', "
                + "'an older account has the same address in another case')", bob);
        insert(c, "INSERT INTO alerts (user_id, name, query, categories, created_at) VALUES (?, 'Diffusion', "
                + "'diffusion models', '[\"cs.LG\"]', ?)", ada, T);
        insert(c, "INSERT INTO alerts (user_id, name, seed_papers, created_at, deleted_at) VALUES (?, 'Old', ?, ?, ?)",
                ada, "[\"" + ids.get(0) + "\"]", T, T + 1);
        insert(c, "INSERT INTO alert_vectors (alert_id, seed_paper_id, model, vector) "
                + "SELECT alert_id, '', 'test-model', ? FROM alerts WHERE name = 'Diffusion'", bytes(vector(3)));
        insert(c, "INSERT INTO alert_matches (user_id, paper_id, alert_id, score, why, matched_at) SELECT ?, ?, alert_id, "
                + "0.8123456789012345, 'matches your alert Diffusion', ? FROM alerts WHERE name = 'Diffusion'",
                ada, ids.get(1).toString(), T);
        insert(c, "INSERT INTO alert_feed_keys (user_id, generation) VALUES (?, 2)", ada);
        insert(c, "UPDATE alert_state SET matched_through = 6, alerts_version = 3");
        insert(c, "INSERT INTO followed_papers (user_id, paper_id, author, first_seen, found_at) "
                + "VALUES (?, ?, 'Grace Hopper', ?, ?)", ada, ids.get(3).toString(), DAY.toString(), T);
        insert(c, "UPDATE author_follow_state SET matched_through = 6");
        insert(c, "UPDATE arxiv_request_clock SET next_request_at = ?", T);
        insert(c, "INSERT INTO rate_buckets (id, state, expires_at) VALUES ('login:10.0.0.1', ?, ?)", new byte[] {1, 2, 3},
                T + 60_000);
        // As db-scheduler writes on SQLite: times as UTC epoch milliseconds, booleans as 0 and 1. One job was running.
        insert(c, "INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, "
                + "last_success, last_failure, consecutive_failures, last_heartbeat, version, priority) "
                + "VALUES ('mail-delivery', 'recurring', NULL, ?, 0, NULL, ?, ?, 1, NULL, 12, NULL), "
                + "('arxiv-harvest', 'recurring', NULL, ?, 1, 'old-host:4242', ?, NULL, 0, ?, 7, NULL)",
                T + 60_000, T - 60_000, T - 120_000, T, T - 3_600_000, T - 1000);
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private static Paper paper(int n) {
        String id = String.format("2503.%05d", n);
        return new Paper(new PaperId(id), 1, "Diffusion models, part " + n + (n == 2 ? " — for video" : ""),
                "We study denoising diffusion, case " + n + ". Über-fast sampling with ∇ log p.",
                List.of("Ada Lovelace", "Grace Hopper"), List.of("cs.LG", "stat.ML"),
                n == 1 ? "12 pages" : null, null, n == 3 ? "10.1000/xyz" + n : null, null, SUBMITTED, SUBMITTED, DAY);
    }

    private static float[] vector(int seed) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(seed * 7 + i) / 2;
        }
        return v;
    }

    private static byte[] bytes(float[] vector) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(vector.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }
}
