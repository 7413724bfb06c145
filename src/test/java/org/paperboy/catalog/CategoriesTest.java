package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Categories.Category;
import org.paperboy.storage.Database;

/** The categories present in the catalog (counted, refreshed by the documented rule), their names and suggestions. */
class CategoriesTest {

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private final AtomicLong nanos = new AtomicLong();
    private Categories categories;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        categories = new Categories(database, nanos::get, Runnable::run);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Paper paper(String id, List<String> categories) {
        return new Paper(PaperId.parseArxiv(id).id(), 1, "Paper " + id, "About it.", List.of("Ada Lovelace"),
                categories, null, null, null, null, null, null, null);
    }

    @Test
    void thePresentCategoriesAreArxivsWithTheirNamesMostPapersFirst() {
        catalog.upsert(List.of(paper("2601.00001", List.of("cs.CL", "cs.LG")), paper("2601.00002", List.of("cs.CL")),
                paper("2601.00003", List.of("cs.CL")), paper("2601.00004", List.of("cmp-lg"))));

        assertThat(categories.present()).containsExactly(new Category("cs.CL", "Computation and Language", 3),
                new Category("cmp-lg", "cmp-lg", 1), new Category("cs.LG", "Machine Learning", 1));
        assertThat(categories.find("CS.cl")).hasValueSatisfying(c -> assertThat(c.label()).isEqualTo(
                "cs.CL Computation and Language"));
        assertThat(categories.find("cs.RO")).hasValueSatisfying(c -> assertThat(c.papers()).isZero());
        assertThat(categories.find("cmp-lg")).isPresent();
        assertThat(categories.find("robotics")).isEmpty();
    }

    @Test
    void aNewCategoryShowsOnceTheRefreshIntervalHasPassed() {
        catalog.upsert(List.of(paper("2601.00001", List.of("cs.CL"))));
        assertThat(categories.present()).extracting(Category::code).containsExactly("cs.CL");

        catalog.upsert(List.of(paper("2601.00002", List.of("cs.RO"))));
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertThat(categories.present()).extracting(Category::code).containsExactly("cs.CL");

        nanos.addAndGet(Categories.REFRESH.toNanos());
        categories.present(); // asked after the interval: counted again (here at once; on a server in the background)
        assertThat(categories.present()).extracting(Category::code).containsExactly("cs.CL", "cs.RO");
    }

    @Test
    void suggestionsMatchNamesThenCodesPresentFirst() {
        catalog.upsert(List.of(paper("2601.00001", List.of("stat.ML"))));

        assertThat(categories.suggestions("robotics", 3)).extracting(Category::label).containsExactly("cs.RO Robotics");
        assertThat(categories.suggestions("Machine learning", 3)).extracting(Category::code)
                .containsExactly("stat.ML", "cs.LG");
        assertThat(categories.suggestions("cs.CLL", 100)).extracting(Category::code).contains("cs.CL")
                .allMatch(code -> code.startsWith("cs."));
        assertThat(categories.suggestions("zzz", 3)).isEmpty();
    }
}
