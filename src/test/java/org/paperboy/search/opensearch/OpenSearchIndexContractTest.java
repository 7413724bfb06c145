package org.paperboy.search.opensearch;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.SearchIndexContract;
import org.paperboy.testing.OpenSearchCluster;

/** The search contract on the OpenSearch engine, against the real two-node test cluster; each test its own alias. */
class OpenSearchIndexContractTest extends SearchIndexContract {

    private static final AtomicInteger TESTS = new AtomicInteger();

    private final OpenSearchConfig config = OpenSearchConfig.of(OpenSearchCluster.shared().hosts(),
            "contract-" + ProcessHandle.current().pid() + "-" + TESTS.incrementAndGet(), 1, 0);

    @Override
    protected SearchIndex newIndex() {
        return OpenSearchIndex.open(config);
    }

    @Override
    protected SearchIndex reopen(SearchIndex old) {
        old.close();
        return OpenSearchIndex.open(config);
    }

    @AfterEach
    void dropIndexes() {
        try (OpenSearchHttp http = new OpenSearchHttp(config)) {
            http.call("DELETE", "/" + config.alias() + "-*", null, java.util.Set.of(200, 404));
        }
    }
}
