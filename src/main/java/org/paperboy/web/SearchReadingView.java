package org.paperboy.web;

import java.util.List;
import java.util.Map;
import org.paperboy.catalog.Catalog;
import org.paperboy.search.PastedIdentifier;
import org.paperboy.search.QueryReading;

/**
 * What the search page says about how it read the query: the spelling it corrected (with a link to search the words
 * as written), the person whose papers come first, an identifier the catalog lacks (with the offer to fetch it).
 *
 * @param correctedQuery the query searched instead, or null
 * @param originalQuery  the query as the user wrote it
 * @param correctedLink  the corrected search, as a search of its own
 * @param asWrittenLink  the same search with the words as written (spelling correction off)
 * @param authorName     the author whose papers come first, or null
 * @param fetchableId    an arXiv id the catalog lacks, which a member may fetch, or null
 * @param unknownDoi     a DOI no paper in the catalog carries, or null
 */
public record SearchReadingView(String correctedQuery, String originalQuery, String correctedLink,
                                String asWrittenLink, String authorName, String fetchableId, String unknownDoi) {

    static final String SPELL_PARAM = "spell";

    static SearchReadingView of(QueryReading reading, Map<String, List<String>> params, Catalog catalog) {
        String original = params.getOrDefault("q", List.of("")).getFirst();
        PastedIdentifier pasted = reading.identifier();
        String fetchable = null;
        String unknownDoi = null;
        if (pasted != null && !reading.identifierFound()) {
            // The index may lag the catalog by a moment: a paper just stored is not offered for fetching.
            if (pasted.arxivId() != null && catalog.find(pasted.arxivId()).isEmpty()) {
                fetchable = pasted.arxivId().value();
            } else if (pasted.doi() != null) {
                unknownDoi = pasted.doi();
            }
        }
        String corrected = reading.correctedQuery();
        return new SearchReadingView(corrected, original,
                corrected == null ? null : link(params, corrected, false),
                corrected == null ? null : link(params, original, true),
                reading.authorName(), fetchable, unknownDoi);
    }

    /** This search with other words, from its first page. */
    private static String link(Map<String, List<String>> params, String query, boolean asWritten) {
        StringBuilder link = new StringBuilder("/search?q=").append(Text.url(query));
        params.forEach((name, values) -> {
            if (!name.equals("q") && !name.equals("page") && !name.equals(SPELL_PARAM)) {
                values.forEach(v -> link.append('&').append(Text.url(name)).append('=').append(Text.url(v)));
            }
        });
        return asWritten ? link.append('&').append(SPELL_PARAM).append("=off").toString() : link.toString();
    }
}
