package org.paperboy.app;

import java.util.List;
import java.util.Set;
import org.paperboy.search.Search;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a started server ready to search before it says so: waits for the search index to catch up with the catalog,
 * loads the embedding model, then runs searches through the whole search path until they complete within their time
 * budget. A cold JVM, cold index files and a model that has never run make the first searches run out of time and
 * come back empty; this takes those seconds out of the first users' searches.
 */
final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    /** Common words of the corpus's fields, so that the searches read postings, vectors and stored fields. */
    private static final List<String> QUERIES = List.of("neural networks", "large language model reasoning",
            "diffusion models for image generation", "graph-based reinforcement learning");
    private static final int MIN_ROUNDS = 2;
    private static final int MAX_ROUNDS = 10;

    private final Paperboy paperboy;

    Warmup(Paperboy paperboy) {
        this.paperboy = paperboy;
    }

    /** Returns when warm, or early when Paperboy is closing. */
    void run() throws InterruptedException {
        // The index sync follows the catalog on its own thread; searches before it has caught up miss papers.
        while (paperboy.indexSync().pending() > 0) {
            if (paperboy.closing()) {
                return;
            }
            Thread.sleep(100);
        }
        try {
            // The status shown beside the searches counts the stored vectors from now on, not from the job's start.
            paperboy.embeddings().ifPresent(e -> e.job().refresh());
        } catch (RuntimeException e) {
            if (paperboy.closing()) {
                return;
            }
            log.error("cannot load the embedding model; searching by keyword only: {}", e.getMessage());
        }
        Search search = paperboy.liveSearch();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean partial = false;
            for (String query : QUERIES) {
                // Hybrid runs the keyword and the semantic search both; keyword alone takes another path for dates.
                for (SearchMode mode : List.of(SearchMode.HYBRID, SearchMode.KEYWORD)) {
                    for (SearchRequest.Sort sort : SearchRequest.Sort.values()) {
                        if (paperboy.closing()) {
                            return;
                        }
                        partial |= search.search(new SearchRequest(query, mode, 20, 0, Set.of(), null, null, sort)).partial();
                    }
                }
            }
            if (!partial && round >= MIN_ROUNDS) {
                break;
            }
        }
    }
}
