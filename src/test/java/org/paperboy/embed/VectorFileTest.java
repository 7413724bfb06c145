package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/** Export and import of vectors between two real SQLite stores. */
class VectorFileTest {

    private static final String MODEL = "bge-small-en-v1.5-q";
    private static final int DIMENSION = 8;

    @TempDir
    Path tmp;

    private Database source;
    private Database target;
    private VectorStore sourceStore;
    private VectorStore targetStore;
    private Catalog targetCatalog;

    @BeforeEach
    void open() throws IOException {
        source = EmbedFixtures.sqlite(Files.createDirectory(tmp.resolve("source")));
        target = EmbedFixtures.sqlite(Files.createDirectory(tmp.resolve("target")));
        EmbedFixtures.catalogWith(source, EmbedFixtures.papers());
        // the target lacks the last paper: its vector is skipped and counted
        targetCatalog = EmbedFixtures.catalogWith(target, EmbedFixtures.papers().subList(0, 4));
        sourceStore = new VectorStore(source);
        targetStore = new VectorStore(target);
        Map<PaperId, float[]> vectors = new HashMap<>();
        for (int i = 0; i < EmbedFixtures.papers().size(); i++) {
            vectors.put(EmbedFixtures.papers().get(i).id(), unit(i));
        }
        sourceStore.storeAll(vectors, MODEL);
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private static float[] unit(int seed) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) Math.sin(seed * 7 + i + 1);
        }
        return Vectors.normalize(v);
    }

    @Test
    void roundTripsVectorsBitForBitAndSkipsUnknownPapers() throws IOException {
        Path file = tmp.resolve("vectors.bin.gz");
        assertThat(VectorFile.export(sourceStore, MODEL, DIMENSION, file)).isEqualTo(5);
        assertThat(VectorFile.readHeader(file)).isEqualTo(new VectorFile.Header(MODEL, DIMENSION));
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            String firstLine = new String(in.readNBytes(200)).lines().findFirst().orElseThrow();
            assertThat(firstLine).isEqualTo("{\"format\":\"paperboy-vectors\",\"version\":1,"
                    + "\"model\":\"bge-small-en-v1.5-q\",\"dimension\":8,\"encoding\":\"float32-le\"}");
        }
        long before = targetCatalog.lastChangeSeq();

        VectorFile.ImportResult result = VectorFile.importFile(targetStore, file, MODEL, DIMENSION);

        assertThat(result.read()).isEqualTo(5);
        assertThat(result.stored()).isEqualTo(4);
        assertThat(result.unknownPapers()).isEqualTo(1);
        assertThat(result.progress()).isEqualTo(new VectorStore.Progress(4, 4));
        List<PaperId> ids = EmbedFixtures.papers().subList(0, 4).stream().map(Paper::id).toList();
        Map<PaperId, float[]> imported = targetStore.find(ids, MODEL);
        Map<PaperId, float[]> original = sourceStore.find(ids, MODEL);
        for (PaperId id : ids) {
            assertThat(Arrays.equals(imported.get(id), original.get(id))).as(id.value()).isTrue();
        }
        assertThat(targetCatalog.changesSince(before, 100)).hasSize(4);

        // again: nothing changes, nothing is re-indexed
        long after = targetCatalog.lastChangeSeq();
        VectorFile.ImportResult again = VectorFile.importFile(targetStore, file, MODEL, DIMENSION);
        assertThat(again.stored()).isZero();
        assertThat(again.unchanged()).isEqualTo(4);
        assertThat(targetCatalog.lastChangeSeq()).isEqualTo(after);
    }

    @Test
    void writesPlainFilesTooAndReplacesAtomicallyLeavingNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("out").resolve("vectors.bin");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old content");

        VectorFile.export(sourceStore, MODEL, DIMENSION, file);

        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
        assertThat(Files.readAllBytes(file)).startsWith("{\"format\":\"paperboy-vectors\"".getBytes());
        // header line + 5 x (2 + 10 + 1 + 32 + 32 bytes) + end marker (2 + 8)
        assertThat(Files.size(file)).isEqualTo(
                Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1).getFirst().length() + 1
                        + 5 * (2 + 10 + 1 + 32 + DIMENSION * 4) + 10);
        assertThat(VectorFile.importFile(targetStore, file, MODEL, DIMENSION).stored()).isEqualTo(4);
    }

    @Test
    void refusesAnotherModelOrDimensionAndStoresNothing() throws IOException {
        Path file = tmp.resolve("vectors.bin.gz");
        VectorFile.export(sourceStore, MODEL, DIMENSION, file);

        assertThatThrownBy(() -> VectorFile.importFile(targetStore, file, "all-MiniLM-L6-v2", DIMENSION))
                .isInstanceOf(VectorFile.VectorFileException.class)
                .hasMessageContaining("model 'bge-small-en-v1.5-q'")
                .hasMessageContaining("configured model is 'all-MiniLM-L6-v2'")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> VectorFile.importFile(targetStore, file, MODEL, 384))
                .isInstanceOf(VectorFile.VectorFileException.class)
                .hasMessageContaining("8 dimensions")
                .hasMessageContaining("384");
        assertThat(targetStore.count(MODEL)).isZero();
    }

    @Test
    void withAnUnknownModelDimensionTheStoredVectorsDecide() throws IOException {
        Path file = tmp.resolve("vectors.bin.gz");
        VectorFile.export(sourceStore, MODEL, DIMENSION, file);
        targetStore.storeAll(Map.of(EmbedFixtures.papers().getFirst().id(), new float[] {1, 0, 0}), MODEL);

        assertThatThrownBy(() -> VectorFile.importFile(targetStore, file, MODEL, 0))
                .isInstanceOf(VectorFile.VectorFileException.class).hasMessageContaining("has 3");

        try (Database fresh = EmbedFixtures.sqlite(Files.createDirectory(tmp.resolve("fresh")))) {
            EmbedFixtures.catalogWith(fresh, EmbedFixtures.papers());
            assertThat(VectorFile.importFile(new VectorStore(fresh), file, MODEL, 0).stored()).isEqualTo(5);
        }
    }

    @Test
    void refusesFilesThatAreNotVectorFilesOrAreCutShort() throws IOException {
        Path notVectors = Files.writeString(tmp.resolve("papers.jsonl"), "{\"id\": \"2401.00001\"}\n");
        assertThatThrownBy(() -> VectorFile.importFile(targetStore, notVectors, MODEL, DIMENSION))
                .isInstanceOf(VectorFile.VectorFileException.class).hasMessageContaining("not a Paperboy vector file");
        assertThatThrownBy(() -> VectorFile.importFile(targetStore, tmp.resolve("absent.bin"), MODEL, DIMENSION))
                .isInstanceOf(VectorFile.VectorFileException.class).hasMessageContaining("does not exist");

        Path file = tmp.resolve("vectors.bin");
        VectorFile.export(sourceStore, MODEL, DIMENSION, file);
        byte[] whole = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(whole, whole.length - 20));
        assertThatThrownBy(() -> VectorFile.importFile(targetStore, cut, MODEL, DIMENSION))
                .isInstanceOf(VectorFile.VectorFileException.class).hasMessageContaining("truncated");
        Path extra = Files.write(tmp.resolve("extra.bin"), Arrays.copyOf(whole, whole.length + 1));
        assertThatThrownBy(() -> VectorFile.importFile(targetStore, extra, MODEL, DIMENSION))
                .isInstanceOf(VectorFile.VectorFileException.class).hasMessageContaining("after the end");
    }

    @Test
    void importedVectorsCarryTheirSourceHashSoPapersChangedSinceAreReembedded() throws IOException {
        Path file = tmp.resolve("vectors.bin.gz");
        VectorFile.export(sourceStore, MODEL, DIMENSION, file);
        Paper first = EmbedFixtures.papers().getFirst();
        targetCatalog.upsert(List.of(new Paper(first.id(), 2, first.title(), "A corrected abstract.", first.authors(),
                first.categories(), null, null, null, null, null, null, null)));

        VectorFile.ImportResult result = VectorFile.importFile(targetStore, file, MODEL, DIMENSION);

        assertThat(result.stored()).isEqualTo(4);
        assertThat(result.progress()).isEqualTo(new VectorStore.Progress(3, 4));
        assertThat(targetStore.missing(MODEL, null, 10)).extracting(VectorStore.PendingPaper::id).containsExactly(first.id());
        assertThat(Vectors.norm(targetStore.find(List.of(first.id()), MODEL).get(first.id()))).isCloseTo(1, within(1e-6));
    }
}
