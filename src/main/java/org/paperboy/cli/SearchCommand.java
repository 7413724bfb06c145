package org.paperboy.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.SearchResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Searches the catalog and prints ranked results.",
                "Query syntax: words, \"phrases\", -excluded, and the fields ti: au: abs: cat: id:."})
final class SearchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for.")
    String query;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
            description = "hybrid (default), keyword or semantic.")
    String mode;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Results to print (1-200). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Results to skip (paging).")
    int offset;

    @Option(names = "--category", paramLabel = "CAT", split = ",", description = "Only these categories, e.g. cs.CL,cs.AI.")
    List<String> categories;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Published on or after this day.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Published on or before this day.")
    LocalDate to;

    @Option(names = "--sort", paramLabel = "relevance|date", defaultValue = "relevance", description = "Order of results.")
    String sort;

    @Override
    public Integer call() {
        SearchMode searchMode = parse(() -> SearchMode.parse(mode));
        SearchRequest.Sort order = parse(() -> SearchRequest.Sort.valueOf(sort.toUpperCase(java.util.Locale.ROOT)));
        SearchRequest request = parse(() -> new SearchRequest(query, searchMode, limit, offset,
                categories == null ? Set.of() : Set.copyOf(categories), from, to, order));
        try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
            if (!paperboy.searchIndex().readOnly()) {
                paperboy.indexSync().catchUp(seq -> {});
            }
            Search search = paperboy.search(searchMode != SearchMode.KEYWORD);
            SearchResults results = search.search(request);
            print(paperboy, results);
            return 0;
        }
    }

    private void print(Paperboy paperboy, SearchResults results) {
        int rank = offset;
        for (SearchHit hit : results.hits()) {
            Paper paper = paperboy.catalog().find(hit.id()).orElse(null);
            if (paper == null) {
                continue;
            }
            System.out.printf("%3d. %s  %s  [%s]%n     %s%n     %s%n", ++rank, paper.id(),
                    paper.publishedOn() == null ? "" : paper.publishedOn(), String.join(" ", paper.categories()),
                    plain(hit.titleSnippet() != null ? hit.titleSnippet() : paper.title()),
                    org.paperboy.web.Text.authorLine(paper.authors(), 4));
            if (hit.abstractSnippet() != null) {
                System.out.printf("     %s%n", plain(hit.abstractSnippet()));
            }
        }
        SearchIndex.IndexStats stats = paperboy.searchIndex().stats();
        System.out.printf("%n%,d matching, %s search, %.1f ms; semantic index: %,d / %,d papers%n",
                results.totalHits(), results.modeUsed().label(), results.tookMicros() / 1000.0,
                stats.withVector(), stats.documents());
    }

    /** Snippets are HTML with <mark>ed matches; a terminal gets *stars* and plain characters. */
    private static String plain(String html) {
        return html.replace("<mark>", "*").replace("</mark>", "*").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }
}
