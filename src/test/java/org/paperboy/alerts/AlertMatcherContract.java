package org.paperboy.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.alerts.AlertPapers.PROTEIN_ABSTRACT;
import static org.paperboy.alerts.AlertPapers.PROTEIN_TITLE;
import static org.paperboy.alerts.AlertPapers.TODAY;
import static org.paperboy.alerts.AlertPapers.folding;
import static org.paperboy.alerts.AlertPapers.paper;
import static org.paperboy.alerts.AlertPapers.protein;
import static org.paperboy.alerts.AlertPapers.traffic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Members;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingJob;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorStore;
import org.paperboy.storage.Database;

/**
 * The matcher over a real store, with papers embedded by the real in-process model through the embedding job (as on a
 * server) and the default threshold of {@code alerts.threshold}.
 */
abstract class AlertMatcherContract {

    private static EmbeddingModel model;

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private SavedAlerts saved;
    private EmbeddingJob embedding;
    private User ada;
    private User grace;

    abstract Database openDatabase(Path dir);

    @BeforeAll
    static void loadModel() {
        model = new BgeSmallEmbeddingModel();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @BeforeEach
    void open() {
        database = openDatabase(dir);
        catalog = new Catalog(database);
        saved = new SavedAlerts(database, catalog, () -> Optional.of(model), Settings.defaults().alertThreshold(),
                Clock.systemUTC());
        embedding = new EmbeddingJob(new VectorStore(database), model);
        Members members = new Members(database);
        ada = members.createUser("ada", "Ada", null, "not a hash", Role.MEMBER);
        grace = members.createUser("grace", "Grace", null, "not a hash", Role.MEMBER);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Stores papers as a harvest does, embeds them as the server's job does, and runs the matcher. */
    private int arrive(Paper... papers) {
        catalog.upsert(List.of(papers));
        embedding.run(Long.MAX_VALUE, null);
        return saved.matcher().run(() -> false);
    }

    private Alert alert(User who, String query) {
        return saved.saveSearch(who.id(), null, query, Set.of());
    }

    @Test
    void aNewPaperAboveTheThresholdMatchesOnceWithItsReason() {
        Alert alert = alert(ada, "protein structure prediction");

        assertThat(arrive(protein("2611.00001", TODAY))).isEqualTo(1);
        assertThat(saved.matcher().run(() -> false)).isZero();

        List<AlertMatch> found = saved.matches().recent(ada.id(), null, 10);
        assertThat(found).singleElement().satisfies(match -> {
            assertThat(match.paperId()).isEqualTo(new PaperId("2611.00001"));
            assertThat(match.alertId()).isEqualTo(alert.id());
            assertThat(match.score()).isGreaterThanOrEqualTo(Settings.defaults().alertThreshold());
            assertThat(match.why()).startsWith("matches your alert “protein structure prediction” (similarity 0.")
                    .contains("terms: protein, structure, prediction");
        });
        assertThat(saved.matches().recent(grace.id(), null, 10)).isEmpty();
    }

    @Test
    void aPaperBelowTheThresholdDoesNotMatch() {
        alert(ada, "protein structure prediction");

        assertThat(arrive(traffic("2611.00002", TODAY))).isZero();
        assertThat(saved.matches().recent(ada.id(), null, 10)).isEmpty();
    }

    @Test
    void aNewVersionOrACrossListOfAMatchedPaperIsNoNewMatch() {
        alert(ada, "protein structure prediction");
        arrive(protein("2611.00001", TODAY));

        Paper replaced = paper("2611.00001", 2, PROTEIN_TITLE + " at scale", PROTEIN_ABSTRACT + " Version 2 adds RNA.",
                List.of("q-bio.BM", "cs.LG"), List.of("John Jumper"), TODAY);
        assertThat(arrive(replaced)).isZero();
        assertThat(saved.matches().recent(ada.id(), null, 10)).hasSize(1);
    }

    @Test
    void twoAlertsOfOneMemberThatMatchAPaperDeliverItOnceAndSaySo() {
        alert(ada, "protein structure prediction");
        alert(ada, "deep learning for protein folding");
        alert(grace, "protein structure prediction");

        assertThat(arrive(protein("2611.00001", TODAY))).isEqualTo(2);

        assertThat(saved.matches().recent(ada.id(), null, 10)).singleElement()
                .satisfies(match -> assertThat(match.why()).contains("; also your alert “"));
        assertThat(saved.matches().recent(grace.id(), null, 10)).hasSize(1);
    }

    @Test
    void papersFirstAnnouncedBeforeTheAlertWasMadeNeverMatch() {
        alert(ada, "protein structure prediction");

        assertThat(arrive(protein("2611.00001", TODAY.minusDays(3)))).isZero();
    }

    @Test
    void filtersOnCategoryAuthorAndWords() {
        Alert biology = saved.saveSearch(ada.id(), null, "protein structure prediction cat:q-bio", Set.of());
        Alert physics = saved.saveSearch(grace.id(), null, "protein structure prediction", Set.of("physics.bio-ph"));
        assertThat(biology.filters().categories()).containsExactly("q-bio");
        User third = new Members(database).createUser("third", "", null, "x", Role.MEMBER);
        User fourth = new Members(database).createUser("fourth", "", null, "x", Role.MEMBER);
        User fifth = new Members(database).createUser("fifth", "", null, "x", Role.MEMBER);
        User sixth = new Members(database).createUser("sixth", "", null, "x", Role.MEMBER);
        saved.saveSearch(third.id(), null, "protein structure prediction au:jumper", Set.of());
        saved.saveSearch(fourth.id(), null, "protein structure prediction au:hassabis", Set.of());
        saved.saveSearch(fifth.id(), null, "protein structure prediction \"amino acid\" -crystallography", Set.of());
        saved.saveSearch(sixth.id(), null, "protein structure prediction -\"amino acid\"", Set.of());

        arrive(protein("2611.00001", TODAY));

        assertThat(saved.matches().recent(ada.id(), null, 10)).hasSize(1);
        assertThat(saved.matches().recent(grace.id(), physics.id(), 10)).isEmpty();
        assertThat(saved.matches().recent(third.id(), null, 10)).hasSize(1);
        assertThat(saved.matches().recent(fourth.id(), null, 10)).isEmpty();
        assertThat(saved.matches().recent(fifth.id(), null, 10)).hasSize(1);
        assertThat(saved.matches().recent(sixth.id(), null, 10)).isEmpty();
    }

    @Test
    void moreLikeThisNamesTheClosestSeed() {
        arrive(protein("2611.00001", TODAY.minusDays(5)), traffic("2611.00002", TODAY.minusDays(5)));
        Alert alert = saved.alerts().create(ada.id(), "like these", "", List.of(new PaperId("2611.00001"),
                new PaperId("2611.00002")), AlertFilters.NONE);

        assertThat(arrive(folding("2611.00003", TODAY))).isEqualTo(1);

        assertThat(saved.matches().recent(ada.id(), alert.id(), 10)).singleElement().satisfies(match ->
                assertThat(match.why()).contains("closest to 2611.00001 “Accurate protein structure prediction"));
    }

    @Test
    void aDeletedAlertStopsMatchingAndTheDigestSectionsGroupByAlert() {
        Alert kept = alert(ada, "protein structure prediction");
        Alert deleted = alert(grace, "protein structure prediction");
        saved.alerts().delete(grace.id(), deleted.id());
        Instant before = Instant.now();

        arrive(protein("2611.00001", TODAY));

        assertThat(saved.matches().recent(grace.id(), null, 10)).isEmpty();
        assertThat(saved.sectionsFor(ada.id(), before, Instant.now().plusSeconds(1))).singleElement()
                .satisfies(section -> {
                    assertThat(section.alertId()).isEqualTo(kept.id());
                    assertThat(section.matches()).extracting(AlertMatch::paperId)
                            .containsExactly(new PaperId("2611.00001"));
                });
        assertThat(saved.sectionsFor(ada.id(), before.minusSeconds(60), before)).isEmpty();
    }

    @Test
    void anAlertsVectorIsComputedOnceAndAgainWhenTheModelChanges() {
        alert(ada, "protein structure prediction");
        CountingModel counted = new CountingModel(model, model.name());
        SavedAlerts first = new SavedAlerts(database, catalog, () -> Optional.of(counted),
                Settings.defaults().alertThreshold(), Clock.systemUTC());
        first.matcher().run(() -> false);
        first.matcher().run(() -> false);
        new SavedAlerts(database, catalog, () -> Optional.of(counted), Settings.defaults().alertThreshold(),
                Clock.systemUTC()).matcher().run(() -> false);
        assertThat(counted.queries).as("embedded once, then read from the store").isEqualTo(1);
        assertThat(storedModels()).containsExactly(model.name());

        CountingModel other = new CountingModel(model, "another-model");
        new SavedAlerts(database, catalog, () -> Optional.of(other), Settings.defaults().alertThreshold(),
                Clock.systemUTC()).matcher().run(() -> false);
        assertThat(other.queries).isEqualTo(1);
        assertThat(storedModels()).containsExactly("another-model");
    }

    private List<String> storedModels() {
        return database.read(c -> {
            List<String> models = new java.util.ArrayList<>();
            try (var s = c.prepareStatement("SELECT DISTINCT model FROM alert_vectors"); var rs = s.executeQuery()) {
                while (rs.next()) {
                    models.add(rs.getString(1));
                }
            }
            return models;
        });
    }

    /** The real model under a name of our choosing, counting the queries it embeds. */
    private static final class CountingModel implements EmbeddingModel {
        private final EmbeddingModel model;
        private final String name;
        int queries;

        CountingModel(EmbeddingModel model, String name) {
            this.model = model;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public float[] embedDocument(String text) {
            return model.embedDocument(text);
        }

        @Override
        public float[] embedQuery(String query) {
            queries++;
            return model.embedQuery(query);
        }

        @Override
        public void close() {
            // the shared model is closed after all tests
        }
    }
}
