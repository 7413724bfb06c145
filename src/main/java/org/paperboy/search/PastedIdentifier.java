package org.paperboy.search;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.paperboy.catalog.PaperId;

/**
 * A query that is one paper's identifier, as researchers paste it: an arXiv id in any of the forms {@link PaperId}
 * reads ({@code 2606.30809v2}, {@code arXiv:2606.30809}, an abs or pdf link, {@code hep-th/9901001}), or a DOI (bare,
 * {@code doi:…} or a doi.org link). arXiv's own DOIs ({@code 10.48550/arXiv.2606.30809}) name the arXiv id; any other
 * DOI is looked up among the DOIs papers carry.
 *
 * @param arxivId the arXiv id named, or null for a DOI that is not arXiv's
 * @param doi     the DOI named, lower-cased, or null for an arXiv id
 */
public record PastedIdentifier(PaperId arxivId, String doi) {

    /** DOIs are "10." + a registrant code + "/" + a suffix of anything but spaces. */
    private static final Pattern DOI = Pattern.compile(
            "(?:https?://(?:dx\\.)?doi\\.org/|doi:\\s*)?(10\\.\\d{4,9}/\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARXIV_DOI = Pattern.compile("10\\.48550/arxiv\\.(\\S+)", Pattern.CASE_INSENSITIVE);

    /** The identifier the whole query is, if it is one; a query with anything more in it is a search. */
    public static Optional<PastedIdentifier> of(String query) {
        String text = query == null ? "" : query.strip();
        if (text.isEmpty() || text.length() > 200) {
            return Optional.empty();
        }
        Matcher doi = DOI.matcher(text);
        if (doi.matches()) {
            String name = doi.group(1).toLowerCase(Locale.ROOT);
            Matcher arxiv = ARXIV_DOI.matcher(name);
            if (arxiv.matches()) {
                return PaperId.tryParseArxiv(arxiv.group(1)).map(v -> new PastedIdentifier(v.id(), null));
            }
            return Optional.of(new PastedIdentifier(null, name));
        }
        return PaperId.tryParseArxiv(text).map(v -> new PastedIdentifier(v.id(), null));
    }

    /** The index's documents this identifier names. */
    Query query() {
        return arxivId != null ? new TermQuery(new Term(IndexDocuments.ID, arxivId.value()))
                : new TermQuery(new Term(IndexDocuments.DOI, doi));
    }
}
