package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** VectorStore against a real store; subclasses choose SQLite or PostgreSQL. */
abstract class VectorStoreContract {

    static final String MODEL = "test-model";

    @TempDir
    Path tmp;

    Database database;
    Catalog catalog;
    VectorStore store;

    abstract Database openDatabase(Path dir);

    @BeforeEach
    void open() {
        database = openDatabase(tmp);
        catalog = EmbedFixtures.catalogWith(database, EmbedFixtures.papers());
        store = new VectorStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static float[] vector(float... values) {
        return values;
    }

    static PaperId id(String arxivId) {
        return TestPapers.id(arxivId);
    }

    @Test
    void storesAndFindsVectorsBitForBit() {
        Map<PaperId, float[]> vectors = new LinkedHashMap<>();
        vectors.put(id("2401.00001"), vector(0.6f, 0.8f, 0f));
        vectors.put(id("2401.00002"), vector(-1f, Float.MIN_VALUE, 1e-30f));

        assertThat(store.storeAll(vectors, MODEL)).isEqualTo(2);

        Map<PaperId, float[]> found = store.find(List.of(id("2401.00001"), id("2401.00002"), id("2401.00003")), MODEL);
        assertThat(found).containsOnlyKeys(id("2401.00001"), id("2401.00002"));
        assertThat(found.get(id("2401.00001"))).containsExactly(0.6f, 0.8f, 0f);
        assertThat(found.get(id("2401.00002"))).containsExactly(-1f, Float.MIN_VALUE, 1e-30f);
        assertThat(store.find(List.of(id("2401.00001")), "other-model")).isEmpty();
        assertThat(store.count(MODEL)).isEqualTo(2);
        assertThat(store.count("other-model")).isZero();
        assertThat(store.dimension(MODEL)).hasValue(3);
    }

    @Test
    void vectorsAreLittleEndianFloat32InTheTable() {
        store.storeAll(Map.of(id("2401.00001"), vector(1f, -2f)), MODEL);

        byte[] bytes = database.read(c -> {
            try (var s = c.prepareStatement("SELECT vector, dimension, model FROM paper_vectors");
                 var rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(2)).isEqualTo(2);
                assertThat(rs.getString(3)).isEqualTo(MODEL);
                return rs.getBytes(1);
            }
        });
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, least significant byte first
        assertThat(bytes).containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0);
    }

    @Test
    void storingBumpsTheChangeSequenceSoTheIndexSeesThePapersAgain() {
        long before = catalog.lastChangeSeq();
        assertThat(catalog.changesSince(before, 100)).isEmpty();

        store.storeAll(Map.of(id("2401.00002"), vector(1, 0), id("2401.00004"), vector(0, 1)), MODEL);

        List<Catalog.Change> changes = catalog.changesSince(before, 100);
        assertThat(changes).extracting(c -> c.paper().id()).containsExactly(id("2401.00002"), id("2401.00004"));
        assertThat(changes).extracting(Catalog.Change::seq).containsExactly(before + 1, before + 2);
        assertThat(catalog.lastChangeSeq()).isEqualTo(before + 2);
    }

    @Test
    void missingListsPapersWithoutACurrentVectorInIdOrderAndPages() {
        store.storeAll(Map.of(id("2401.00002"), vector(1, 0)), MODEL);
        store.storeAll(Map.of(id("2401.00004"), vector(1, 0)), "other-model");

        List<VectorStore.PendingPaper> first = store.missing(MODEL, null, 2);
        assertThat(first).extracting(VectorStore.PendingPaper::id).containsExactly(id("2401.00001"), id("2401.00003"));
        assertThat(first.getFirst().title()).isEqualTo(EmbedFixtures.PROTEIN_TITLE);
        assertThat(first.getFirst().abstractText()).isEqualTo(EmbedFixtures.PROTEIN_ABSTRACT);
        assertThat(first.getFirst().text()).isEqualTo(PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT));

        List<VectorStore.PendingPaper> second = store.missing(MODEL, first.getLast().id(), 2);
        assertThat(second).extracting(VectorStore.PendingPaper::id).containsExactly(id("2401.00004"), id("2401.00005"));
        assertThat(store.missing(MODEL, second.getLast().id(), 2)).isEmpty();

        assertThat(store.progress(MODEL)).isEqualTo(new VectorStore.Progress(1, 5));
        assertThat(store.progress(MODEL).label()).isEqualTo("1 / 5");
    }

    @Test
    void aPaperWhoseTextChangedIsMissingAgainButKeepsItsOldVectorUntilReembedded() {
        store.storeAll(Map.of(id("2401.00001"), vector(1, 0)), MODEL);
        assertThat(store.missing(MODEL, null, 10)).extracting(VectorStore.PendingPaper::id).doesNotContain(id("2401.00001"));

        Paper revised = EmbedFixtures.paper("2401.00001", "A revised title", "A revised abstract.");
        catalog.upsert(List.of(new Paper(revised.id(), 2, revised.title(), revised.abstractText(), revised.authors(),
                revised.categories(), null, null, null, null, null, null, null)));

        assertThat(store.missing(MODEL, null, 10)).extracting(VectorStore.PendingPaper::id).contains(id("2401.00001"));
        assertThat(store.progress(MODEL).embedded()).isZero();
        assertThat(store.find(List.of(id("2401.00001")), MODEL)).containsKey(id("2401.00001"));
    }

    @Test
    void vectorsOfPapersNotInTheCatalogAreSkipped() {
        VectorStore.StoreResult result = store.store(List.of(
                new VectorStore.Entry(id("2401.00001"), vector(1, 0), null),
                new VectorStore.Entry(id("2401.09999"), vector(0, 1), null)), MODEL);

        assertThat(result.stored()).isEqualTo(1);
        assertThat(result.unknownPapers()).containsExactly(id("2401.09999"));
        assertThat(store.count(MODEL)).isEqualTo(1);
    }

    @Test
    void refusesMixedOrChangedDimensionsAndNonFiniteValues() {
        assertThatThrownBy(() -> store.storeAll(new LinkedHashMap<>(Map.of(
                id("2401.00001"), vector(1, 0), id("2401.00002"), vector(1, 0, 0))), MODEL))
                .isInstanceOf(IllegalArgumentException.class);
        store.storeAll(Map.of(id("2401.00001"), vector(1, 0)), MODEL);
        assertThatThrownBy(() -> store.storeAll(Map.of(id("2401.00002"), vector(1, 0, 0)), MODEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 dimensions");
        assertThatThrownBy(() -> store.storeAll(Map.of(id("2401.00002"), vector(Float.NaN, 0)), MODEL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.count(MODEL)).isEqualTo(1);
    }

    @Test
    void aNewVectorReplacesTheOldOneAndDeleteOtherModelsCleansUp() {
        store.storeAll(Map.of(id("2401.00001"), vector(1, 0), id("2401.00002"), vector(0, 1)), "old-model");
        store.storeAll(Map.of(id("2401.00001"), vector(0.5f, 0.5f, 0.5f, 0.5f)), MODEL);

        assertThat(store.count("old-model")).isEqualTo(1);
        assertThat(store.find(List.of(id("2401.00001")), MODEL).get(id("2401.00001"))).hasSize(4);
        long before = catalog.lastChangeSeq();

        assertThat(store.deleteOtherModels(MODEL)).isEqualTo(1);

        assertThat(store.count("old-model")).isZero();
        assertThat(store.count(MODEL)).isEqualTo(1);
        assertThat(catalog.changesSince(before, 10)).extracting(c -> c.paper().id()).containsExactly(id("2401.00002"));
    }

    @Test
    void pagesListStoredVectorsWithTheirSourceHashes() {
        store.storeAll(Map.of(id("2401.00003"), vector(1, 0), id("2401.00001"), vector(0, 1)), MODEL);
        store.store(List.of(new VectorStore.Entry(id("2401.00005"), vector(1, 1), "cafe")), MODEL);

        List<VectorStore.Entry> page = store.page(MODEL, null, 2);
        assertThat(page).extracting(VectorStore.Entry::id).containsExactly(id("2401.00001"), id("2401.00003"));
        assertThat(page.getFirst().sourceHash()).isNotBlank();
        List<VectorStore.Entry> rest = store.page(MODEL, page.getLast().id(), 2);
        assertThat(rest).extracting(VectorStore.Entry::sourceHash).containsExactly("cafe");
        // the explicit hash is not the paper's: it counts as missing
        Set<PaperId> missing = store.missing(MODEL, null, 10).stream().map(VectorStore.PendingPaper::id)
                .collect(Collectors.toSet());
        assertThat(missing).contains(id("2401.00005")).doesNotContain(id("2401.00001"), id("2401.00003"));
    }

    @Test
    void deletingAPaperDeletesItsVector() {
        store.storeAll(Map.of(id("2401.00001"), vector(1, 0)), MODEL);
        database.inTransaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM papers WHERE paper_id = '2401.00001'")) {
                return s.executeUpdate();
            }
        });
        assertThat(store.count(MODEL)).isZero();
    }
}
