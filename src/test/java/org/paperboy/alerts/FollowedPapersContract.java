package org.paperboy.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.AuthorFollows;
import org.paperboy.community.CommunityException;
import org.paperboy.community.Members;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.storage.Database;

/** Following authors (V17's tables) and the followed authors' new papers, over a real store. */
abstract class FollowedPapersContract {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final Instant NOW = TODAY.atTime(9, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private AuthorFollows follows;
    private FollowedPapers followed;
    private User ada;
    private User grace;

    abstract Database openDatabase(Path dir);

    @BeforeEach
    void open() {
        database = openDatabase(dir);
        catalog = new Catalog(database);
        follows = new AuthorFollows(database);
        followed = new FollowedPapers(database, catalog, follows, Clock.fixed(NOW, ZoneOffset.UTC));
        Members members = new Members(database);
        ada = members.createUser("ada", "Ada", null, "not a hash", Role.MEMBER);
        grace = members.createUser("grace", "Grace", null, "not a hash", Role.MEMBER);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Paper paper(String id, List<String> authors, LocalDate announced, int version) {
        return new Paper(PaperId.parseArxiv(id).id(), version, "Paper " + id, "About " + id + ".", authors,
                List.of("cs.LG"), null, null, null, null, null, null, announced);
    }

    @Test
    void followingIsIdempotentAndUnfollowingUndoesIt() {
        follows.follow(ada.id(), "Yann LeCun", NOW);
        follows.follow(ada.id(), "Yann LeCun", NOW);
        follows.follow(ada.id(), "Léon Bottou", NOW);

        assertThat(follows.followedBy(ada.id())).containsExactly("Léon Bottou", "Yann LeCun");
        assertThat(follows.follows(ada.id(), "Yann LeCun")).isTrue();
        assertThat(follows.follows(grace.id(), "Yann LeCun")).isFalse();
        assertThat(follows.followersOf(List.of("Yann LeCun", "Nobody")).keySet()).containsExactly("Yann LeCun");

        follows.unfollow(ada.id(), "Yann LeCun");
        follows.unfollow(ada.id(), "Yann LeCun");
        assertThat(follows.followedBy(ada.id())).containsExactly("Léon Bottou");
        assertThatThrownBy(() -> follows.follow(ada.id(), " ", NOW)).isInstanceOf(CommunityException.class);
    }

    @Test
    void aFollowedAuthorsNewPaperReachesEachFollowerOnceWhateverComesAgain() {
        follows.follow(ada.id(), "Yann LeCun", NOW);
        follows.follow(ada.id(), "Léon Bottou", NOW);
        follows.follow(grace.id(), "Léon Bottou", NOW);
        catalog.upsert(List.of(paper("2603.00001", List.of("Yann LeCun", "Léon Bottou"), TODAY, 1),
                paper("2603.00002", List.of("Someone Else"), TODAY, 1),
                paper("2602.00003", List.of("Yann LeCun"), TODAY.minusDays(30), 1)));

        assertThat(followed.catchUp(() -> false)).isEqualTo(2);
        // A new version, and the same paper listed again, bring nothing new.
        catalog.upsert(List.of(paper("2603.00001", List.of("Yann LeCun", "Léon Bottou"), TODAY, 2)));
        assertThat(followed.catchUp(() -> false)).isZero();

        assertThat(followed.seenBetween(ada.id(), TODAY, TODAY)).extracting(FollowedPapers.Found::paperId)
                .containsExactly(PaperId.parseArxiv("2603.00001").id());
        assertThat(followed.recent(ada.id(), 10)).singleElement().satisfies(found ->
                assertThat(found.why()).isEqualTo("a new paper by Yann LeCun, whom you follow"));
        assertThat(followed.recent(grace.id(), 10)).singleElement().satisfies(found ->
                assertThat(found.author()).isEqualTo("Léon Bottou"));
        assertThat(followed.seenBetween(ada.id(), TODAY.minusDays(60), TODAY.minusDays(1))).as("old papers never")
                .isEmpty();
    }

    @Test
    void withNobodyFollowingTheCursorSkipsAheadAndLaterPapersStillCome() {
        catalog.upsert(List.of(paper("2603.00001", List.of("Yann LeCun"), TODAY, 1)));
        assertThat(followed.catchUp(() -> false)).isZero();

        follows.follow(ada.id(), "Yann LeCun", NOW);
        catalog.upsert(List.of(paper("2603.00002", List.of("Yann LeCun"), TODAY, 1)));
        assertThat(followed.catchUp(() -> false)).isEqualTo(1);
        assertThat(followed.recent(ada.id(), 10)).extracting(FollowedPapers.Found::paperId)
                .containsExactly(PaperId.parseArxiv("2603.00002").id());
    }

    @Test
    void theScheduledAlertJobFindsFollowersPapersWithoutAModel() throws Exception {
        SavedAlerts saved = new SavedAlerts(database, catalog, java.util.Optional::empty, 0.8,
                Clock.fixed(NOW, ZoneOffset.UTC));
        saved.follows().follow(ada.id(), "Yann LeCun", NOW);
        catalog.upsert(List.of(paper("2603.00001", List.of("Yann LeCun"), TODAY, 1)));

        saved.job("0 */5 * * * *").work().run(() -> false);

        assertThat(saved.followed().recent(ada.id(), 10)).extracting(FollowedPapers.Found::paperId)
                .containsExactly(PaperId.parseArxiv("2603.00001").id());
    }
}
