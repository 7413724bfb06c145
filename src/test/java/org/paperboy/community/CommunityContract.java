package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.storage.StorageException;
import org.paperboy.testing.TestPapers;

/** What the community store promises, checked on each store it runs on (one subclass per store). */
abstract class CommunityContract {

    private static final PaperId PAPER = new PaperId("2503.11731");
    private static final PaperId OTHER_PAPER = new PaperId("2503.11732");
    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);

    @TempDir
    Path tmp;

    Database database;
    Members members;
    Feed feed;
    Votes votes;
    Comments comments;

    abstract Database openDatabase(Path tmp);

    @BeforeEach
    void open() {
        database = openDatabase(tmp);
        members = new Members(database);
        feed = new Feed(database);
        votes = new Votes(database);
        comments = new Comments(database);
        new Catalog(database).upsert(List.of(TestPapers.paper(PAPER.value()), TestPapers.paper(OTHER_PAPER.value())));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void paperActivityCountsUpvotesAndSaysWhetherThereIsALivePickOrAnyComment() {
        PaperActivity activity = new PaperActivity(database);
        assertThat(activity.of(PAPER)).isEqualTo(new PaperActivity.Summary(0, false, false));
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        User cura = members.createUser("cura", "Cura", null, "hash", Role.CURATOR);
        feed.submit(ada.id(), PAPER, DAY);
        votes.toggleUpvote(ada.id(), PAPER);
        votes.toggleUpvote(bob.id(), PAPER);
        Comment said = comments.addComment(bob.id(), PAPER, null, "Nice.");

        assertThat(activity.of(PAPER)).isEqualTo(new PaperActivity.Summary(2, true, true));
        assertThat(activity.of(OTHER_PAPER)).isEqualTo(new PaperActivity.Summary(0, false, false));
        feed.removeSubmission(cura, PAPER);
        comments.deleteComment(bob, said.id());
        assertThat(activity.of(PAPER)).as("a removed pick is gone; a deleted comment still stands in its thread")
                .isEqualTo(new PaperActivity.Summary(2, false, true));
    }

    @Test
    void createsAndFindsUsers() {
        User ada = members.createUser("ada", "Ada Lovelace", "ada@example.org", "$argon2id$v=19$...", Role.CURATOR);
        User bob = members.createUser("bob", "Bob", null, "$argon2id$v=19$...", Role.MEMBER);

        assertThat(ada.id()).isPositive();
        assertThat(bob.id()).isNotEqualTo(ada.id());
        User found = members.findUser("ada").orElseThrow();
        assertThat(found).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(ada);
        assertThat(found.createdAt()).isEqualTo(ada.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(found.role().canModerate()).isTrue();
        assertThat(members.findUser("bob").orElseThrow().email()).isNull();
        assertThat(members.findUser("carol")).isEmpty();
    }

    @Test
    void aUsernameOrEmailCanBeTakenOnlyOnce() {
        members.createUser("ada", "Ada", "ada@example.org", "hash", Role.MEMBER);

        assertThatThrownBy(() -> members.createUser("ada", "Another Ada", "other@example.org", "hash", Role.MEMBER))
                .isInstanceOf(CommunityException.class)
                .hasMessage("the username or email is already taken");
        assertThatThrownBy(() -> members.createUser("ada2", "Ada again", "ada@example.org", "hash", Role.MEMBER))
                .isInstanceOf(CommunityException.class);
        // users without an email do not collide with each other
        members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        members.createUser("carol", "Carol", null, "hash", Role.MEMBER);
        assertThat(members.findUser("ada").orElseThrow().displayName()).isEqualTo("Ada");
        assertThat(members.findUser("ada2")).isEmpty();
    }

    @Test
    void anEmailBelongsToOneAccountWhateverItsCase() {
        members.createUser("ada", "Ada", "Ada@Example.org", "hash", Role.MEMBER);

        assertThatThrownBy(() -> members.createUser("ada2", "Ada", "ada@example.ORG", "hash", Role.MEMBER))
                .isInstanceOf(CommunityException.class)
                .hasMessage("the username or email is already taken");
        assertThat(members.findUser("ada2")).isEmpty();
    }

    @Test
    void signingUpWithARegisteredEmailGoesAheadWithoutIt() {
        members.createUser("ada", "Ada", "Ada@Example.org", "hash", Role.MEMBER);

        User grace = members.signUp("grace", "", "ADA@EXAMPLE.ORG", "a long enough password");

        assertThat(grace.email()).isNull();
        assertThat(members.findUser("grace").orElseThrow().email()).isNull();
        assertThat(members.authenticate("grace", "a long enough password")).isPresent();
        assertThat(members.findUser("ada").orElseThrow().email()).as("the address stays with its account")
                .isEqualTo("Ada@Example.org");
        assertThat(members.signUp("hopper", "", "hopper@example.org", "a long enough password").email())
                .isEqualTo("hopper@example.org");
        assertThatThrownBy(() -> members.signUp("ada", "", "other@example.org", "a long enough password"))
                .isInstanceOf(CommunityException.class)
                .hasMessage("the username 'ada' is taken; choose another");
    }

    /** The URL of a new, empty database of this store's kind (as user postgres where a user is needed). */
    abstract String emptyDatabaseUrl(Path tmp);

    @Test
    void aStoreWithCaseVariantsOfOneEmailStillMigrates() throws Exception {
        String url = emptyDatabaseUrl(tmp);
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        // The schema as it was before emails became case-insensitive (V8), with the placeholders Database uses.
        var config = Database.migrations(url).dataSource(url, "postgres", null);
        MigrationVersion caseInsensitiveEmails = MigrationVersion.fromVersion("8");
        MigrationVersion lastBefore = java.util.Arrays.stream(config.load().info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(caseInsensitiveEmails) < 0).max(MigrationVersion::compareTo).orElseThrow();
        Flyway before = config.target(lastBefore).load();
        before.migrate();
        try (var c = before.getConfiguration().getDataSource().getConnection();
                var s = c.prepareStatement("INSERT INTO users (username, display_name, email, password_hash, created_at) "
                        + "VALUES (?, ?, ?, 'hash', 0)")) {
            for (String[] user : List.of(new String[] {"ada", "Ada@Example.org"}, new String[] {"bob", null},
                    new String[] {"ada2", "ADA@example.org"}, new String[] {"carol", "carol@example.org"},
                    new String[] {"ada3", "ada@example.org"})) {
                s.setString(1, user[0]);
                s.setString(2, user[0]);
                s.setString(3, user[1]);
                s.executeUpdate();
            }
        }

        try (Database migrated = Database.open(url, "postgres", null)) {
            Members old = new Members(migrated);
            assertThat(List.of("ada", "bob", "ada2", "carol", "ada3")).map(name -> old.findUser(name).orElseThrow().email())
                    .as("the oldest account keeps the address").containsExactly("Ada@Example.org", null, null,
                            "carol@example.org", null);
            List<String> setAside = migrated.read(c -> {
                try (var s = c.prepareStatement("SELECT u.username || ' ' || a.email FROM emails_set_aside a "
                        + "JOIN users u ON u.user_id = a.user_id ORDER BY u.user_id"); var rs = s.executeQuery()) {
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                    return rows;
                }
            });
            assertThat(setAside).as("the others' addresses are kept aside").containsExactly("ada2 ADA@example.org",
                    "ada3 ada@example.org");
            assertThatThrownBy(() -> old.createUser("ada4", "Ada", "ada@EXAMPLE.org", "hash", Role.MEMBER))
                    .isInstanceOf(CommunityException.class);
        }
    }

    @Test
    void aPaperCanBeSubmittedOnce() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);

        Submission submission = feed.submit(ada.id(), PAPER, DAY);

        assertThatThrownBy(() -> feed.submit(bob.id(), PAPER, DAY.plusDays(1)))
                .isInstanceOf(CommunityException.class)
                .hasMessage("paper 2503.11731 has already been submitted");
        assertThatThrownBy(() -> feed.submit(ada.id(), PAPER, DAY))
                .isInstanceOf(CommunityException.class);
        assertThat(feed.submissionsOn(DAY)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(submission.id());
            assertThat(s.paperId()).isEqualTo(PAPER);
            assertThat(s.submittedBy()).isEqualTo(ada.id());
            assertThat(s.feedDay()).isEqualTo(DAY);
        });
        assertThat(feed.submissionsOn(DAY.plusDays(1))).isEmpty();
        feed.submit(bob.id(), OTHER_PAPER, DAY);
        assertThat(feed.submissionsOn(DAY)).extracting(Submission::paperId).containsExactly(PAPER, OTHER_PAPER);
    }

    @Test
    void onlyPapersInTheCatalogCanBeSubmitted() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);

        assertThatThrownBy(() -> feed.submit(ada.id(), new PaperId("2503.99999"), DAY))
                .isInstanceOf(StorageException.class);
        assertThat(feed.submissionsOn(DAY)).isEmpty();
    }

    @Test
    void anUpvoteTogglesOnAndOff() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);

        assertThat(votes.upvotes(PAPER)).isZero();
        assertThat(votes.toggleUpvote(ada.id(), PAPER)).isTrue();
        assertThat(votes.upvotes(PAPER)).isEqualTo(1);
        assertThat(votes.toggleUpvote(bob.id(), PAPER)).isTrue();
        assertThat(votes.upvotes(PAPER)).isEqualTo(2);
        assertThat(votes.upvotes(OTHER_PAPER)).isZero();
        assertThat(votes.toggleUpvote(ada.id(), PAPER)).isFalse();
        assertThat(votes.upvotes(PAPER)).isEqualTo(1);
        assertThat(votes.toggleUpvote(ada.id(), PAPER)).isTrue();
        assertThat(votes.upvotes(PAPER)).isEqualTo(2);
    }

    @Test
    void upvotingAndTakingItBackAreIdempotent() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        feed.submit(ada.id(), PAPER, DAY);

        votes.upvote(ada.id(), PAPER);
        votes.upvote(ada.id(), PAPER);
        assertThat(votes.upvotes(PAPER)).isEqualTo(1);
        assertThat(feed.submissionOf(PAPER).orElseThrow().upvotes()).as("the feed's count").isEqualTo(1);
        assertThat(votes.upvotedAmong(ada.id(), List.of(PAPER, OTHER_PAPER))).containsExactly(PAPER);
        votes.removeUpvote(ada.id(), PAPER);
        votes.removeUpvote(ada.id(), PAPER);
        assertThat(votes.upvotes(PAPER)).isZero();
        assertThat(feed.submissionOf(PAPER).orElseThrow().upvotes()).as("the feed's count").isZero();
    }

    @Test
    void concurrentUpvotesByManyMembersAreCountedExactly() throws Exception {
        int memberCount = 20;
        List<Long> userIds = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            userIds.add(members.createUser("member" + i, "Member " + i, null, "hash", Role.MEMBER).id());
        }

        feed.submit(userIds.getFirst(), PAPER, DAY);

        List<Boolean> on = toggleAllAtOnce(userIds, PAPER);
        assertThat(on).hasSize(memberCount).containsOnly(true);
        assertThat(votes.upvotes(PAPER)).isEqualTo(memberCount);
        assertThat(feed.submissionOf(PAPER).orElseThrow().upvotes()).as("the feed's count").isEqualTo(memberCount);

        List<Boolean> off = toggleAllAtOnce(userIds.subList(0, 7), PAPER);
        assertThat(off).hasSize(7).containsOnly(false);
        assertThat(votes.upvotes(PAPER)).isEqualTo(memberCount - 7);
        assertThat(feed.submissionOf(PAPER).orElseThrow().upvotes()).isEqualTo(memberCount - 7);
        assertThat(votes.upvotes(OTHER_PAPER)).isZero();
    }

    @Test
    void oneMemberClickingManyTimesAtOnceNeverCountsTwice() throws Exception {
        long ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER).id();

        feed.submit(ada, PAPER, DAY);

        toggleAllAtOnce(java.util.Collections.nCopies(10, ada), PAPER);

        assertThat(votes.upvotes(PAPER)).isBetween(0, 1);
        assertThat(feed.submissionOf(PAPER).orElseThrow().upvotes()).as("the feed's count")
                .isEqualTo(votes.upvotes(PAPER));
    }

    @Test
    void commentsAndRepliesFormThreads() {
        long ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER).id();
        long bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER).id();

        Comment question = comments.addComment(ada, PAPER, null, "Is the code available?");
        Comment answer = comments.addComment(bob, PAPER, question.id(), "Yes, see the **appendix**.");
        Comment followUp = comments.addComment(ada, PAPER, answer.id(), "Thanks!");
        Comment elsewhere = comments.addComment(bob, OTHER_PAPER, null, "Nice result.");

        List<Comment> thread = comments.comments(PAPER);
        assertThat(thread).extracting(Comment::id).containsExactly(question.id(), answer.id(), followUp.id());
        assertThat(thread).extracting(Comment::parentId).containsExactly(null, question.id(), answer.id());
        assertThat(thread).extracting(Comment::userId).containsExactly(ada, bob, ada);
        assertThat(thread).extracting(Comment::body)
                .containsExactly("Is the code available?", "Yes, see the **appendix**.", "Thanks!");
        assertThat(thread).allSatisfy(c -> {
            assertThat(c.paperId()).isEqualTo(PAPER);
            assertThat(c.deleted()).isFalse();
            assertThat(c.editedAt()).isNull();
        });
        assertThat(comments.comments(OTHER_PAPER)).extracting(Comment::id).containsExactly(elsewhere.id());
    }

    @Test
    void aReplyMustBeOnTheSamePaperAsItsParent() {
        long ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER).id();
        Comment onOther = comments.addComment(ada, OTHER_PAPER, null, "On the other paper");

        assertThatThrownBy(() -> comments.addComment(ada, PAPER, onOther.id(), "Reply in the wrong place"))
                .isInstanceOf(CommunityException.class)
                .hasMessage("comment " + onOther.id() + " does not exist on paper 2503.11731");
        assertThatThrownBy(() -> comments.addComment(ada, PAPER, 999_999L, "Reply to nothing"))
                .isInstanceOf(CommunityException.class)
                .hasMessageContaining("does not exist");
        assertThat(comments.comments(PAPER)).isEmpty();
        assertThat(comments.comments(OTHER_PAPER)).hasSize(1);
    }

    @Test
    void sessionsLiveUntilTheyExpireOrEnd() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Sessions early = new Sessions(database, java.time.Clock.fixed(start, java.time.ZoneOffset.UTC));
        Sessions late = new Sessions(database, java.time.Clock.fixed(start.plus(Sessions.LIFETIME), java.time.ZoneOffset.UTC));

        Sessions.Session session = early.start(ada);

        assertThat(early.find(session.token())).hasValueSatisfying(s -> {
            assertThat(s.user().username()).isEqualTo("ada");
            assertThat(s.csrfToken()).isEqualTo(session.csrfToken()).isNotEqualTo(session.token());
        });
        assertThat(late.find(session.token())).as("expired").isEmpty();
        assertThat(early.find(session.token() + "x")).isEmpty();
        assertThat(early.find(null)).isEmpty();
        early.end(session.token());
        assertThat(early.find(session.token())).as("logged out").isEmpty();
        assertThat(stored("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + session.token() + "'"))
                .as("only the hash is stored").isZero();
    }

    @Test
    void apiTokensAuthenticateUntilRevoked() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        ApiTokens tokens = new ApiTokens(database);

        ApiTokens.NewToken created = tokens.create(ada, "feed bot");
        assertThat(tokens.list(ada).getFirst().lastUsedAt()).as("never used yet").isNull();

        assertThat(created.secret()).startsWith("pb_");
        assertThat(tokens.authenticate(created.secret())).map(User::username).hasValue("ada");
        assertThat(tokens.list(ada)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("feed bot");
            assertThat(t.lastUsedAt()).isNotNull();
        });
        java.time.Instant firstUse = tokens.list(ada).getFirst().lastUsedAt();
        assertThat(tokens.authenticate(created.secret())).isPresent();
        assertThat(tokens.list(ada).getFirst().lastUsedAt()).as("recorded to the minute, not on every call")
                .isEqualTo(firstUse);
        assertThat(tokens.list(bob)).isEmpty();
        assertThatThrownBy(() -> tokens.revoke(bob, created.token().id())).isInstanceOf(CommunityException.class);
        assertThat(tokens.authenticate(created.secret())).as("bob cannot revoke ada's token").isPresent();
        tokens.revoke(ada, created.token().id());
        assertThat(tokens.authenticate(created.secret())).isEmpty();
        assertThatThrownBy(() -> tokens.create(ada, " ")).isInstanceOf(CommunityException.class);
    }

    @Test
    void submissionsFollowTheRules() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        new Catalog(database).upsert(List.of(TestPapers.full(PAPER.value(), 2)));
        org.paperboy.catalog.Paper paper = new Catalog(database).find(PAPER).orElseThrow();
        java.time.Instant published = paper.publishedOn().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

        assertThatThrownBy(() -> feed.submitToFeed(ada, paper, new SubmissionRules(14, 5), published.plus(java.time.Duration.ofDays(20))))
                .isInstanceOf(CommunityException.class).hasMessageContaining("only papers from the last 14 days");
        Submission submission = feed.submitToFeed(ada, paper, new SubmissionRules(0, 1), published.plus(java.time.Duration.ofDays(400)));
        assertThat(submission.feedDay()).isEqualTo(paper.publishedOn().plusDays(400));
        org.paperboy.catalog.Paper other = new Catalog(database).find(OTHER_PAPER).orElseThrow();
        assertThatThrownBy(() -> feed.submitToFeed(ada, other, new SubmissionRules(0, 1), java.time.Instant.now()))
                .isInstanceOf(CommunityException.class).hasMessageContaining("daily limit");
        assertThat(feed.submissionOf(PAPER)).hasValueSatisfying(e -> assertThat(e.submitterUsername()).isEqualTo("ada"));
    }

    @Test
    void concurrentSubmissionsOverTheDailyLimitAdmitExactlyTheLimit() throws Exception {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        List<org.paperboy.catalog.Paper> papers = java.util.stream.IntStream.range(0, 12)
                .mapToObj(n -> TestPapers.paper(TestPapers.syntheticId(n))).toList();
        new Catalog(database).upsert(papers);
        SubmissionRules rules = new SubmissionRules(0, 3);
        java.time.Instant now = java.time.Instant.now();

        List<Boolean> admitted = allAtOnce(papers.stream().<java.util.concurrent.Callable<Boolean>>map(paper -> () -> {
            try {
                feed.submitToFeed(ada, paper, rules, now);
                return true;
            } catch (CommunityException e) {
                assertThat(e).hasMessageContaining("daily limit");
                return false;
            }
        }).toList());

        assertThat(admitted.stream().filter(b -> b).count()).isEqualTo(rules.dailyLimit());
        assertThat(stored("SELECT COUNT(*) FROM submissions")).isEqualTo(rules.dailyLimit());
    }

    @Test
    void concurrentTokenCreationsOverTheLimitAdmitExactlyTheLimit() throws Exception {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        ApiTokens tokens = new ApiTokens(database);
        tokens.create(ada, "already there");

        List<Boolean> admitted = allAtOnce(java.util.Collections.nCopies(ApiTokens.MAX_PER_USER + 10, () -> {
            try {
                tokens.create(ada, "script");
                return true;
            } catch (CommunityException e) {
                assertThat(e).hasMessageContaining("tokens already");
                return false;
            }
        }));

        assertThat(admitted.stream().filter(b -> b).count()).isEqualTo(ApiTokens.MAX_PER_USER - 1);
        assertThat(tokens.list(ada)).hasSize(ApiTokens.MAX_PER_USER);
    }

    @Test
    void onlyCuratorsRemoveSubmissions() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User cura = members.createUser("cura", "Cura", null, "hash", Role.CURATOR);
        feed.submit(ada.id(), PAPER, DAY);
        votes.toggleUpvote(cura.id(), PAPER);
        comments.addComment(cura.id(), PAPER, null, "Why is this here?");
        assertThat(feed.submissionOf(PAPER)).hasValueSatisfying(entry -> {
            assertThat(entry.submission().feedDay()).isEqualTo(DAY);
            assertThat(entry.submitterUsername()).isEqualTo("ada");
            assertThat(entry.upvotes()).isEqualTo(1);
            assertThat(entry.comments()).isEqualTo(1);
        });
        assertThat(feed.submissionOf(OTHER_PAPER)).isEmpty();

        assertThatThrownBy(() -> feed.removeSubmission(ada, PAPER)).isInstanceOf(CommunityException.class)
                .extracting(e -> ((CommunityException) e).kind()).isEqualTo(CommunityException.Kind.FORBIDDEN);
        feed.removeSubmission(cura, PAPER);

        assertThat(feed.submissionsOn(DAY)).isEmpty();
        assertThat(feed.submissionOf(PAPER)).isEmpty();
        assertThatThrownBy(() -> feed.submit(ada.id(), PAPER, DAY)).as("removed papers stay removed")
                .isInstanceOf(CommunityException.class);
        assertThatThrownBy(() -> feed.removeSubmission(cura, OTHER_PAPER)).isInstanceOf(CommunityException.class)
                .extracting(e -> ((CommunityException) e).kind()).isEqualTo(CommunityException.Kind.NOT_FOUND);
    }

    @Test
    void adjacentFeedDaysFollowSubmissionsAndRemovalsHereAndFromAnotherProcess() throws Exception {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User cura = members.createUser("cura", "Cura", null, "hash", Role.CURATOR);
        assertThat(feed.adjacentFeedDay(DAY, true)).isEmpty();
        feed.submit(ada.id(), PAPER, DAY.minusDays(3));
        feed.submit(ada.id(), OTHER_PAPER, DAY.plusDays(2));

        assertThat(feed.adjacentFeedDay(DAY, true)).contains(DAY.minusDays(3));
        assertThat(feed.adjacentFeedDay(DAY, false)).contains(DAY.plusDays(2));
        assertThat(feed.adjacentFeedDay(DAY.plusDays(2), false)).isEmpty();
        assertThat(feed.adjacentFeedDay(DAY.minusDays(3), true)).isEmpty();
        feed.removeSubmission(cura, PAPER);
        assertThat(feed.adjacentFeedDay(DAY, true)).as("a removed pick's day is gone at once").isEmpty();

        // Another server on the same store: its submissions show here within FeedDays.RELOAD_MILLIS.
        PaperId third = new PaperId("2503.11733");
        new Catalog(database).upsert(List.of(TestPapers.paper(third.value())));
        new Feed(database).submit(ada.id(), third, DAY.minusDays(1));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FeedDays.RELOAD_MILLIS * 5);
        while (feed.adjacentFeedDay(DAY, true).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(feed.adjacentFeedDay(DAY, true)).contains(DAY.minusDays(1));
    }

    @Test
    void upvoteCountsAndTheMembersOwnVotesForAListOfPapers() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        votes.toggleUpvote(ada.id(), PAPER);
        votes.toggleUpvote(bob.id(), PAPER);
        votes.toggleUpvote(bob.id(), OTHER_PAPER);

        assertThat(votes.upvoteCounts(List.of(PAPER, OTHER_PAPER))).containsEntry(PAPER, 2).containsEntry(OTHER_PAPER, 1);
        assertThat(votes.upvotedAmong(ada.id(), List.of(PAPER, OTHER_PAPER))).containsExactly(PAPER);
        assertThat(votes.upvotedAmong(ada.id(), List.of())).isEmpty();
        assertThat(votes.upvotedBy(bob.id(), 10)).containsExactlyInAnyOrder(PAPER, OTHER_PAPER);

        Comment first = comments.addComment(ada.id(), PAPER, null, "first");
        comments.addComment(bob.id(), PAPER, first.id(), "a reply");
        comments.deleteComment(ada, comments.addComment(ada.id(), PAPER, null, "taken back").id());
        assertThat(comments.commentCounts(List.of(PAPER, OTHER_PAPER))).as("deleted comments do not count")
                .containsOnly(java.util.Map.entry(PAPER, 2));
        feed.submit(ada.id(), PAPER, DAY);
        comments.deleteComment(ada, first.id());
        comments.deleteComment(ada, first.id());
        assertThat(feed.submissionOf(PAPER).orElseThrow()).as("the feed's counts, a comment deleted twice")
                .extracting(FeedEntry::upvotes, FeedEntry::comments).containsExactly(2, 1);
        assertThat(comments.commentCounts(List.of())).isEmpty();
    }

    @Test
    void authorsEditAndDeleteTheirCommentsAndCuratorsDeleteAny() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        User cura = members.createUser("cura", "Cura", null, "hash", Role.CURATOR);
        Comment comment = comments.addComment(ada.id(), PAPER, null, "Draft");
        Comment reply = comments.addComment(bob.id(), PAPER, comment.id(), "A reply");

        assertThatThrownBy(() -> comments.editComment(bob, comment.id(), "Hijacked")).isInstanceOf(CommunityException.class);
        assertThatThrownBy(() -> comments.deleteComment(bob, comment.id())).isInstanceOf(CommunityException.class);
        comments.editComment(ada, comment.id(), "Final");
        assertThat(comments.comment(comment.id())).satisfies(c -> {
            assertThat(c.body()).isEqualTo("Final");
            assertThat(c.editedAt()).isNotNull();
            assertThat(c.authorUsername()).isEqualTo("ada");
        });
        comments.deleteComment(cura, comment.id());
        assertThat(comments.comment(comment.id())).satisfies(c -> {
            assertThat(c.deleted()).isTrue();
            assertThat(c.body()).isEmpty();
        });
        assertThat(comments.comment(reply.id()).deleted()).as("replies stay").isFalse();
        assertThatThrownBy(() -> comments.editComment(ada, comment.id(), "Back")).isInstanceOf(CommunityException.class);
        assertThatThrownBy(() -> comments.addComment(ada.id(), PAPER, null, "x".repeat(Comment.MAX_LENGTH + 1)))
                .isInstanceOf(CommunityException.class);
    }

    @Test
    void aCommentIsRenderedWhenWrittenAndItsStoredHtmlIsWhatReadersGet() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        Comment comment = comments.addComment(ada.id(), PAPER, null, "*first*");
        assertThat(comment.html()).isEqualTo("<p><em>first</em></p>\n");
        assertThat(storedHtml(comment.id())).isEqualTo("<p><em>first</em></p>\n");

        execute("UPDATE comments SET body_html = '<p>as stored</p>' WHERE comment_id = " + comment.id());
        assertThat(comments.comments(PAPER)).extracting(Comment::html).as("read, not rendered again")
                .containsExactly("<p>as stored</p>");

        comments.editComment(ada, comment.id(), "**second**");
        assertThat(storedHtml(comment.id())).isEqualTo("<p><strong>second</strong></p>\n");
        comments.deleteComment(ada, comment.id());
        assertThat(storedHtml(comment.id())).isEmpty();
        assertThat(comments.comment(comment.id()).html()).isEmpty();
    }

    @Test
    void aBodyThatCannotBeRenderedIsRefusedBeforeItIsStored() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        Comment comment = comments.addComment(ada.id(), PAPER, null, "Fine");
        for (String hostile : CommentMarkdownTest.HOSTILE) {
            assertThatThrownBy(() -> comments.addComment(ada.id(), PAPER, null, hostile))
                    .isInstanceOfSatisfying(CommunityException.class,
                            e -> assertThat(e.kind()).isEqualTo(CommunityException.Kind.INVALID));
            assertThatThrownBy(() -> comments.editComment(ada, comment.id(), hostile))
                    .isInstanceOf(CommunityException.class);
        }
        assertThat(comments.comments(PAPER)).extracting(Comment::body).containsExactly("Fine");
        assertThat(comments.comment(comment.id()).editedAt()).isNull();
    }

    @Test
    void aCommentStoredWithoutHtmlIsRenderedWhenReadAndNeverFails() {
        long ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER).id();
        // as a server from before migration V5 would write them
        for (String body : List.of("*old*", "> ".repeat(5000))) {
            database.inTransaction(c -> {
                try (var s = c.prepareStatement("INSERT INTO comments (paper_id, user_id, body, created_at) "
                        + "VALUES (?, ?, ?, ?)")) {
                    s.setString(1, PAPER.value());
                    s.setLong(2, ada);
                    s.setString(3, body);
                    s.setLong(4, System.currentTimeMillis());
                    return s.executeUpdate();
                }
            });
        }

        assertThat(comments.comments(PAPER)).extracting(Comment::html)
                .containsExactly("<p><em>old</em></p>\n", "<p>" + "&gt; ".repeat(5000) + "</p>\n");
    }

    @Test
    void signUpChecksItsInput() {
        User grace = members.signUp(" Grace ", "", "grace@example.org", "a long enough password");
        assertThat(grace.username()).isEqualTo("grace");
        assertThat(grace.displayName()).isEqualTo("grace");
        assertThat(members.authenticate("grace", "a long enough password")).isPresent();
        for (String[] bad : List.of(new String[] {"a", "", "", "a long enough password"},
                new String[] {"has space", "", "", "a long enough password"},
                new String[] {"ok-name", "line\nbreak", "", "a long enough password"},
                new String[] {"ok-name", "", "not-an-email", "a long enough password"},
                new String[] {"ok-name", "", "", "short"})) {
            assertThatThrownBy(() -> members.signUp(bad[0], bad[1], bad[2], bad[3])).as(String.join("|", bad))
                    .isInstanceOf(CommunityException.class);
        }
    }

    private String storedHtml(long commentId) {
        return database.read(c -> {
            try (var s = c.prepareStatement("SELECT body_html FROM comments WHERE comment_id = " + commentId);
                    var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private void execute(String sql) {
        database.inTransaction(c -> {
            try (var s = c.prepareStatement(sql)) {
                return s.executeUpdate();
            }
        });
    }

    private long stored(String sql) {
        return database.read(c -> {
            try (var s = c.prepareStatement(sql); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Runs every task on a thread of its own, all released at the same moment; fails if any of them failed. */
    private static <T> List<T> allAtOnce(List<java.util.concurrent.Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(tasks.size());
            List<Future<T>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts one thread per user id, lets them all toggle at the same moment, and returns what each saw. */
    private List<Boolean> toggleAllAtOnce(List<Long> userIds, PaperId paper) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(userIds.size());
        try {
            CountDownLatch ready = new CountDownLatch(userIds.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (long userId : userIds) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return votes.toggleUpvote(userId, paper);
                }));
            }
            ready.await();
            go.countDown();
            List<Boolean> seen = new ArrayList<>();
            for (Future<Boolean> result : results) {
                seen.add(result.get(60, TimeUnit.SECONDS));
            }
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void feedOfADayRangeBySubmitterInEachOrder() {
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        feed.submit(ada.id(), PAPER, DAY);
        feed.submit(bob.id(), OTHER_PAPER, DAY.plusDays(1));
        votes.toggleUpvote(ada.id(), OTHER_PAPER);
        votes.toggleUpvote(bob.id(), OTHER_PAPER);
        comments.addComment(ada.id(), OTHER_PAPER, null, "Nice.");

        assertThat(feed.page(DAY, DAY, null, FeedOrder.UPVOTES, 10, 0))
                .extracting(e -> e.submission().paperId()).containsExactly(PAPER);
        List<FeedEntry> both = feed.page(DAY, DAY.plusDays(1), null, FeedOrder.UPVOTES, 10, 0);
        assertThat(both).extracting(e -> e.submission().paperId()).containsExactly(OTHER_PAPER, PAPER);
        assertThat(both.getFirst()).extracting(FeedEntry::upvotes, FeedEntry::comments, FeedEntry::submitterUsername)
                .containsExactly(2, 1, "bob");
        assertThat(feed.page(DAY, DAY.plusDays(1), "ada", FeedOrder.UPVOTES, 10, 0))
                .extracting(e -> e.submission().paperId()).containsExactly(PAPER);
        assertThat(feed.page(DAY, DAY.plusDays(1), null, FeedOrder.TRENDING, 1, 1))
                .extracting(e -> e.submission().paperId()).containsExactly(PAPER);
        assertThat(feed.page(DAY, DAY.plusDays(1), "nobody", FeedOrder.PUBLISHED, 10, 0)).isEmpty();
    }

    @Test
    void theFeedOrdersAndPagesInTheDatabaseHoweverManySubmissionsThereAre() {
        int total = 25_000;
        List<org.paperboy.catalog.Paper> papers = java.util.stream.IntStream.range(0, total)
                .mapToObj(TestPapers::synthetic).toList();
        new Catalog(database).upsert(papers);
        User ada = members.createUser("ada", "Ada", null, "hash", Role.MEMBER);
        User bob = members.createUser("bob", "Bob", null, "hash", Role.MEMBER);
        java.time.Instant start = java.time.Instant.parse("2025-03-01T00:00:00Z");
        insertSubmissions(papers.stream().map(org.paperboy.catalog.Paper::id).toList(), ada.id(), start);
        // Two papers with neither a first-version date nor an announcement day: they sort last by publication.
        feed.submit(bob.id(), PAPER, DAY);
        feed.submit(bob.id(), OTHER_PAPER, DAY);
        PaperId newest = papers.getLast().id();
        PaperId old = papers.get(100).id();
        votes.toggleUpvote(ada.id(), old);
        votes.toggleUpvote(bob.id(), old);
        votes.toggleUpvote(ada.id(), newest);
        votes.toggleUpvote(bob.id(), papers.get(20_500).id());
        votes.toggleUpvote(bob.id(), PAPER);
        comments.addComment(ada.id(), newest, null, "Counted.");

        java.time.Instant now = java.time.Instant.now();
        java.util.Map<FeedOrder, java.util.Comparator<FeedEntry>> orders = java.util.Map.of(
                FeedOrder.UPVOTES, java.util.Comparator.comparingInt(FeedEntry::upvotes).reversed()
                        .thenComparing(e -> e.submission().submittedAt()).thenComparing(e -> e.submission().id()),
                FeedOrder.PUBLISHED, java.util.Comparator.comparing(FeedEntry::paperPublished,
                                java.util.Comparator.nullsLast(java.util.Comparator.<LocalDate>reverseOrder()))
                        .thenComparing(e -> e.submission().submittedAt(), java.util.Comparator.reverseOrder())
                        .thenComparing(e -> e.submission().id(), java.util.Comparator.reverseOrder()),
                FeedOrder.TRENDING, java.util.Comparator.comparingDouble((FeedEntry e) -> -FeedOrder.trendingScore(e, now))
                        .thenComparing(e -> e.submission().submittedAt(), java.util.Comparator.reverseOrder())
                        .thenComparing(e -> e.submission().id(), java.util.Comparator.reverseOrder()));
        for (FeedOrder order : FeedOrder.values()) {
            List<FeedEntry> walked = new ArrayList<>();
            int pageSize = 9_999;
            for (int offset = 0; offset < total + pageSize; offset += pageSize) {
                walked.addAll(feed.page(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), null, order,
                        pageSize, offset));
            }
            assertThat(walked).as(order + ": every submission once").hasSize(total + 2)
                    .extracting(e -> e.submission().paperId()).doesNotHaveDuplicates();
            assertThat(walked).as(order + ": pages in order").isSortedAccordingTo(orders.get(order));
        }

        List<FeedEntry> trending = feed.page(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), null,
                FeedOrder.TRENDING, 3, 0);
        assertThat(trending).extracting(e -> e.submission().paperId()).as("fresh before old, votes before age")
                .containsExactly(PAPER, old, newest);
        assertThat(trending.getLast()).extracting(FeedEntry::upvotes, FeedEntry::comments).containsExactly(1, 1);
        assertThat(feed.page(DAY.minusYears(5), DAY.plusYears(5), null, FeedOrder.PUBLISHED, 1, 0))
                .extracting(e -> e.submission().paperId()).as("the most recently published first").containsExactly(newest);
        assertThat(feed.page(DAY.minusYears(5), DAY.plusYears(5), "bob", FeedOrder.UPVOTES, 10, 0))
                .extracting(e -> e.submission().paperId()).containsExactly(PAPER, OTHER_PAPER);
    }

    /** Submits the papers in one transaction, a second apart from {@code start}, on the days of their times. */
    private void insertSubmissions(List<PaperId> papers, long userId, java.time.Instant start) {
        database.inTransaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO submissions (paper_id, feed_day, submitted_by, submitted_at) "
                    + "VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < papers.size(); i++) {
                    java.time.Instant at = start.plusSeconds(i);
                    s.setString(1, papers.get(i).value());
                    s.setString(2, LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).toString());
                    s.setLong(3, userId);
                    s.setLong(4, at.toEpochMilli());
                    s.addBatch();
                }
                return s.executeBatch();
            }
        });
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() {
        members.createUser("ada", "Ada", null, Passwords.hash("analytical-engine"), Role.MEMBER);
        assertThat(members.authenticate("ada", "analytical-engine")).map(User::username).contains("ada");
        assertThat(members.authenticate("ada", "difference-engine")).isEmpty();
        assertThat(members.authenticate("nobody", "analytical-engine")).isEmpty();
        assertThat(members.authenticate("ada", null)).isEmpty();
    }
}
