package org.paperboy.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.IndexedPaper;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.SearchResults;
import org.paperboy.testing.OpenSearchCluster;

/** What only the OpenSearch engine does: rebuilds behind an alias, bookkeeping in the cluster, an absent cluster. */
class OpenSearchIndexTest {

    private final OpenSearchConfig config = OpenSearchConfig.of(OpenSearchCluster.shared().hosts(),
            "engine-" + ProcessHandle.current().pid(), 1, 1);

    @AfterEach
    void dropIndexes() {
        try (OpenSearchHttp http = new OpenSearchHttp(config)) {
            http.call("DELETE", "/" + config.alias() + "-*", null, Set.of(200, 404));
        }
    }

    @Test
    void aRebuildFillsANewIndexAndMovesTheAliasInOneStepWhileSearchesKeepAnswering() throws Exception {
        try (OpenSearchIndex index = OpenSearchIndex.open(config);
             OpenSearchIndex otherNode = OpenSearchIndex.open(config);
             OpenSearchHttp http = new OpenSearchHttp(config)) {
            index.clear("epoch-1");
            index.apply(papers(1, 40), 40);
            index.caughtUp();
            List<String> before = behindAlias(http);

            AtomicBoolean stop = new AtomicBoolean();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicInteger searches = new AtomicInteger();
            Thread searcher = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        SearchResults results = otherNode.search(SearchRequest.of("graphs", SearchMode.KEYWORD, 5), null);
                        if (results.hits().isEmpty()) {
                            failures.add("no hits");
                        }
                        searches.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
            try {
                index.clear("epoch-2");
                assertThat(index.storeEpoch()).as("the writer follows the new index at once").contains("epoch-2");
                assertThat(otherNode.storeEpoch()).as("searches still see the old one").contains("epoch-1");
                index.apply(papers(1, 60), 7);
                assertThat(otherNode.stats().documents()).as("not yet").isEqualTo(40);
                index.caughtUp();
            } finally {
                stop.set(true);
                searcher.join();
            }
            assertThat(failures).as("searches during the rebuild").isEmpty();
            assertThat(searches.get()).isPositive();
            List<String> after = behindAlias(http);
            assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(http.status("HEAD", "/" + before.getFirst())).as("the old index is dropped").isEqualTo(404);
            assertThat(otherNode.stats().documents()).isEqualTo(60);
            assertThat(otherNode.storeEpoch()).contains("epoch-2");
            assertThat(otherNode.appliedSeq()).isEqualTo(7);
            JsonSettings settings = new JsonSettings(http, after.getFirst());
            assertThat(settings.replicas()).as("replicas back after the bulk load").isEqualTo("1");
        }
    }

    @Test
    void aNewClusterGetsItsFirstIndexOnFirstUseAndANodeSeesWhatAnotherWrote() {
        try (OpenSearchIndex writer = OpenSearchIndex.open(config); OpenSearchIndex reader = OpenSearchIndex.open(config)) {
            assertThat(reader.appliedSeq()).isZero();
            assertThat(reader.storeEpoch()).isEmpty();
            writer.clear("epoch-1");
            writer.apply(papers(1, 3), 3);
            assertThat(reader.appliedSeq()).isEqualTo(3);
            assertThat(reader.storeEpoch()).contains("epoch-1");
            assertThat(reader.search(SearchRequest.of("graphs", SearchMode.KEYWORD, 10), null).hits()).hasSize(3);
            assertThat(reader.sharedByCluster()).isTrue();
        }
    }

    @Test
    void anOlderBatchAppliedLateChangesNothing() {
        try (OpenSearchIndex index = OpenSearchIndex.open(config)) {
            index.apply(List.of(titled("Graphs, revised")), 9);
            // another node's follower, or a retry after a crash, applies an older batch after the newer one
            index.apply(List.of(titled("Graphs, first version")), 4);
            assertThat(index.search(SearchRequest.of("revised", SearchMode.KEYWORD, 10), null).hits()).hasSize(1);
            assertThat(index.search(SearchRequest.of("first", SearchMode.KEYWORD, 10), null).hits()).isEmpty();
        }
    }

    private static IndexedPaper titled(String title) {
        return new IndexedPaper(new Paper(new PaperId("2501.00001"), 1, title, "On graphs.", List.of(), List.of("cs.DM"),
                null, null, null, null, null, null, LocalDate.parse("2025-01-01")), null);
    }

    @Test
    void aClusterThatIsNotThereIsAClearErrorNotAHang() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        OpenSearchConfig nowhere = OpenSearchConfig.of(List.of(URI.create("http://127.0.0.1:" + port)), "paperboy", 1, 0);
        try (OpenSearchIndex index = OpenSearchIndex.open(nowhere)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> index.search(SearchRequest.of("graphs", SearchMode.KEYWORD, 10), null))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("OpenSearch request GET /_alias/paperboy failed");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
        }
    }

    private static List<String> behindAlias(OpenSearchHttp http) {
        List<String> names = new ArrayList<>();
        http.call("GET", "/_alias/" + "engine-" + ProcessHandle.current().pid(), null).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record JsonSettings(OpenSearchHttp http, String index) {
        String replicas() {
            return http.call("GET", "/" + index + "/_settings", null).path(index).path("settings").path("index")
                    .path("number_of_replicas").asText();
        }
    }

    private static List<IndexedPaper> papers(int from, int to) {
        List<IndexedPaper> papers = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            String id = String.format("2501.%05d", i);
            papers.add(new IndexedPaper(new Paper(new PaperId(id), 1, "Graphs number " + i, "On graphs and their walks.",
                    List.of("Ada Lovelace"), List.of("cs.DM"), null, null, null, null, null, null,
                    LocalDate.parse("2025-01-01").plusDays(i)), null));
        }
        return papers;
    }
}
