package org.paperboy.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.cli.PaperboyCommand;
import org.paperboy.config.Settings;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.testing.OpenSearchCluster;
import org.paperboy.testing.TestPapers;

/** {@code paperboy reindex} with {@code search.engine=opensearch}: a new index, the alias moved to it in one step. */
class ReindexOnOpenSearchTest {

    @TempDir
    Path dir;

    private final String alias = "reindex-" + ProcessHandle.current().pid();
    private final OpenSearchConfig config = OpenSearchConfig.of(OpenSearchCluster.shared().hosts(), alias, 1, 0);

    @AfterEach
    void dropIndexes() {
        try (OpenSearchHttp http = new OpenSearchHttp(config)) {
            http.call("DELETE", "/" + alias + "-*", null, Set.of(200, 404));
        }
    }

    @Test
    void reindexBuildsANewIndexAndMovesTheAliasToIt() throws Exception {
        Path file = Files.writeString(dir.resolve("paperboy.properties"), String.join("\n",
                "data.dir=" + dir.resolve("data"),
                "embedding.provider=none",
                "search.engine=opensearch",
                "search.opensearch.hosts=" + config.hosts().stream().map(Object::toString).collect(Collectors.joining(",")),
                "search.opensearch.index=" + alias,
                "search.opensearch.replicas=0", ""));
        try (Paperboy paperboy = Paperboy.open(Settings.resolve(file, Map.of(), Map.of()))) {
            paperboy.catalog().upsert(IntStream.range(0, 25).mapToObj(TestPapers::synthetic).toList());
            paperboy.indexSync().catchUp(seq -> {});
            assertThat(paperboy.searchIndex()).isInstanceOf(OpenSearchIndex.class);
            assertThat(paperboy.searchIndex().stats().documents()).isEqualTo(25);
        }
        List<String> before = behindAlias();

        int exit = PaperboyCommand.execute("reindex", "--config", file.toString());

        assertThat(exit).isZero();
        List<String> after = behindAlias();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        try (Paperboy paperboy = Paperboy.open(Settings.resolve(file, Map.of(), Map.of()))) {
            assertThat(paperboy.searchIndex().stats().documents()).isEqualTo(25);
            assertThat(paperboy.searchIndex().appliedSeq()).isEqualTo(paperboy.catalog().lastChangeSeq());
            String id = TestPapers.synthetic(3).id().value();
            assertThat(paperboy.search(false).search(SearchRequest.of("id:" + id, SearchMode.KEYWORD, 5)).hits())
                    .extracting(h -> h.id().value()).containsExactly(id);
        }
    }

    private List<String> behindAlias() {
        try (OpenSearchHttp http = new OpenSearchHttp(config)) {
            List<String> names = new ArrayList<>();
            http.call("GET", "/_alias/" + alias, null).fieldNames().forEachRemaining(names::add);
            return names;
        }
    }
}
