package org.paperboy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.paperboy.alerts.Alert;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.community.Role;
import org.paperboy.ingest.PaperboyFormat;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;

/**
 * The store of the digest benchmark (docs/benchmarks.md, "Mail"): a day of papers taken from a corpus and re-dated to
 * that day, a community feed of picks with upvotes, members with saved alerts and their matches of the day, and
 * confirmed daily subscribers. The matches are written as the matcher writes them (alert_matches rows), without
 * running it: matching needs the papers' vectors, and its cost is measured on its own ("Saved alerts").
 */
final class DigestBenchStore {

    /** Shares of the day's papers the community picks, and of subscribers with picks / categories / both. */
    static final int PICKS = 40;
    private static final int MAX_UPVOTES = 60;
    private static final int MAX_MATCHES_PER_ALERT = 8;
    private static final String[] QUESTIONS = {"vision language models", "retrieval augmented generation",
        "diffusion models for video", "robot manipulation policies", "efficient transformer inference",
        "graph neural networks", "reinforcement learning from human feedback", "medical image segmentation"};

    private final Paperboy paperboy;
    private final Random random;

    DigestBenchStore(Paperboy paperboy, long seed) {
        this.paperboy = paperboy;
        this.random = new Random(seed);
    }

    /** Fills the store; returns the day's papers. */
    List<Paper> fill(Path corpus, LocalDate day, int papers, int subscribers, int members, int alertsPerMember)
            throws IOException {
        List<Paper> today = papers(corpus, day, papers);
        paperboy.catalog().upsert(today);
        List<String> categories = commonCategories(today);
        List<Long> memberIds = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String email = "member" + i + "@example.org";
            long id = paperboy.members().createUser("member" + i, "Member " + i, email, "x", Role.MEMBER).id();
            paperboy.subscriptions().subscribeVerified(email, preferences(categories), id);
            memberIds.add(id);
        }
        pick(today, day, memberIds);
        List<Alert> alerts = new ArrayList<>();
        for (long member : memberIds) {
            for (int a = 0; a < alertsPerMember; a++) {
                String question = QUESTIONS[random.nextInt(QUESTIONS.length)];
                alerts.add(paperboy.alerts().saveSearch(member, question + " " + a, question, Set.of()));
            }
        }
        match(alerts, today, day);
        subscribe(subscribers - members, categories);
        return today;
    }

    /** The corpus's first papers, announced on {@code day}. */
    private static List<Paper> papers(Path corpus, LocalDate day, int count) throws IOException {
        ObjectMapper json = new ObjectMapper();
        PaperboyFormat format = new PaperboyFormat();
        Instant submitted = day.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Paper> papers = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && papers.size() < count; line = lines.readLine()) {
                JsonNode record = json.readTree(line);
                Paper p = format.toPaper(record);
                papers.add(new Paper(p.id(), p.version(), p.title(), p.abstractText(), p.authors(), p.categories(),
                        p.comments(), p.journalRef(), p.doi(), p.license(), submitted, submitted, day));
            }
        }
        if (papers.size() < count) {
            throw new CommandFailedException(corpus + " holds " + papers.size() + " papers, not " + count);
        }
        return papers;
    }

    /** The day's ten most frequent primary categories: what subscribers choose from. */
    private static List<String> commonCategories(List<Paper> papers) {
        Map<String, Long> counts = papers.stream().collect(Collectors.groupingBy(p -> p.categories().getFirst(),
                Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(10).map(Map.Entry::getKey).toList();
    }

    /** Half want the community's picks only, three in ten picks and categories, two in ten categories only. */
    private Preferences preferences(List<String> categories) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return Preferences.of(Frequency.DAILY, true, "");
        }
        String chosen = random.ints(1 + random.nextInt(3), 0, categories.size()).mapToObj(categories::get).distinct()
                .collect(Collectors.joining(" "));
        return Preferences.of(Frequency.DAILY, kind < 8, chosen);
    }

    /** PICKS papers on the day's feed, each submitted by a member and upvoted by 1 to MAX_UPVOTES of them (most few). */
    private void pick(List<Paper> papers, LocalDate day, List<Long> members) {
        for (int i = 0; i < PICKS; i++) {
            Paper paper = papers.get(random.nextInt(papers.size()));
            if (paperboy.feed().submissionOf(paper.id()).isPresent()) {
                continue;
            }
            paperboy.feed().submit(members.get(random.nextInt(members.size())), paper.id(), day);
            double r = random.nextDouble();
            int upvotes = 1 + (int) (MAX_UPVOTES * r * r);
            random.ints(upvotes, 0, members.size()).distinct()
                    .forEach(m -> paperboy.votes().upvote(members.get(m), paper.id()));
        }
    }

    /** 0 to MAX_MATCHES_PER_ALERT of the day's papers per alert, as the matcher records them (a paper once a member). */
    private void match(List<Alert> alerts, List<Paper> papers, LocalDate day) {
        long matchedAt = day.atTime(6, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        paperboy.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_matches (user_id, paper_id, alert_id, "
                    + "score, why, matched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, paper_id) DO NOTHING")) {
                for (Alert alert : alerts) {
                    for (int m = random.nextInt(MAX_MATCHES_PER_ALERT + 1); m > 0; m--) {
                        double score = 0.70 + 0.15 * random.nextDouble();
                        s.setLong(1, alert.userId());
                        s.setString(2, papers.get(random.nextInt(papers.size())).id().value());
                        s.setLong(3, alert.id());
                        s.setDouble(4, score);
                        s.setString(5, String.format(Locale.ROOT, "matches your alert “%s” (similarity %.2f)",
                                alert.name(), score));
                        s.setLong(6, matchedAt);
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /**
     * Confirmed subscribers without an account, written straight into the table: the site confirms such an address
     * only through the link in its confirmation mail.
     */
    private void subscribe(int count, List<String> categories) {
        long now = System.currentTimeMillis();
        paperboy.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO subscriptions (email, frequency, "
                    + "community_picks, categories, status, created_at, confirmed_at) "
                    + "VALUES (?, ?, ?, ?, 'confirmed', ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    Preferences p = preferences(categories);
                    s.setString(1, "reader" + i + "@example.org");
                    s.setString(2, p.frequency().label());
                    s.setInt(3, p.communityPicks() ? 1 : 0);
                    s.setString(4, p.categoryText());
                    s.setLong(5, now);
                    s.setLong(6, now);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }
}
