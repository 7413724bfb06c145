package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.Map;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * Each paper's summary in a list, rendered once to UTF-8 and reused by every list that shows the paper: its heading
 * (title, authors, date and categories: {@code paper-summary.jte}) and its abstract ({@code paper-abstract.jte}).
 * Escaping and encoding these was most of a daily page's CPU time; what changes from view to view (votes, comments,
 * who submitted it, the viewer's buttons) is rendered around them each time.
 *
 * <p>Owner: the web server of this process. Never stale: a summary is reused only for an equal {@link Paper} (usually
 * the very instance, since the catalog caches its reads), so a paper updated in the catalog, through this node or
 * another, is rendered afresh on its next view (as soon as the catalog's read cache has the new version).
 */
final class PaperSummaries {

    /** Summaries kept at most: a few kB each, a few tens of MB at worst. */
    static final long MAX_PAPERS = 10_000;

    /** A paper's rendered heading and abstract. */
    record Summary(Paper paper, Content heading, Content abstractBlock) {}

    private final Cache<PaperId, Summary> rendered = Caffeine.newBuilder().maximumSize(MAX_PAPERS).build();

    Summary of(Paper paper) {
        Summary known = rendered.getIfPresent(paper.id());
        if (known != null && (known.paper() == paper || known.paper().equals(paper))) {
            return known;
        }
        Map<String, Object> params = Map.of("paper", paper);
        Summary fresh = new Summary(paper, new Html(Pages.renderToBytes("paper-summary.jte", params)),
                new Html(Pages.renderToBytes("paper-abstract.jte", params)));
        rendered.put(paper.id(), fresh);
        return fresh;
    }

    /** Rendered HTML, written to a page as it is: it was escaped when it was rendered. */
    private record Html(byte[] bytes) implements Content {
        @Override
        public void writeTo(TemplateOutput output) {
            output.writeBinaryContent(bytes);
        }
    }
}
