package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Pages as an anonymous visitor sees them (the daily page), rendered once and sent as the same bytes to every
 * anonymous visitor of the same path and query: nearly every view is anonymous, and rendering the daily page cost
 * several times sending it (its community picks and counts take several statements to the store, each of which costs
 * SQLite a read transaction, and twenty list items to render).
 *
 * <p>Owner: the web server of this process. Freshness: a kept page is used only while the store knows of no commit
 * since it was rendered ({@link org.paperboy.storage.Database#changes}: a vote, a submission, a comment, a paper
 * imported or harvested, a member renamed, through this process or, on PostgreSQL, through another node, heard of
 * moments after its commit), so that the next view after any of these shows it; and for at most {@link #MAX_AGE},
 * so that commits nobody announces (another process on SQLite) and the turn of the day show within that. A signed-in member, and a visitor holding a form token, get a page rendered
 * for them on every view (their own votes, their forms).
 *
 * <p>Only pages that many visitors ask for within a second belong here: a kept page outlives the young generation,
 * so keeping pages that are each viewed a few times (a paper's, of thousands) fills the old generation with them
 * faster than it saves rendering.
 */
final class AnonymousPages {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /**
     * Bytes of pages kept at most (a daily page is about 50 kB): bounds the memory, whatever paths and query strings
     * visitors ask for; the least used pages go first.
     */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private record Key(String pathAndQuery, long changes) {}

    private final LongSupplier changes;
    private final Cache<Key, byte[]> pages = Caffeine.newBuilder()
            .expireAfterWrite(MAX_AGE)
            .maximumWeight(MAX_BYTES)
            .weigher((Key key, byte[] page) -> page.length + key.pathAndQuery().length())
            .build();

    /** @param changes the store's count of commits known to this process ({@code Database::changes}) */
    AnonymousPages(LongSupplier changes) {
        this.changes = changes;
    }

    /**
     * Sends {@code template} rendered with {@code model} (given the viewer, with which the template is also
     * rendered): for an anonymous visitor, the kept page of this path and query when there is a current one.
     */
    void render(Context ctx, String template, Function<Viewer, Map<String, Object>> model) {
        Viewer viewer = Auth.viewer(ctx);
        if (viewer.user() != null || viewer.csrf() != null) {
            Pages.render(ctx, template, model.apply(viewer));
            return;
        }
        // The count is read before rendering: a commit during the render leaves this page under a count never asked
        // for again.
        String here = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        Key key = new Key(here, changes.getAsLong());
        byte[] page = pages.get(key, k -> {
            Map<String, Object> params = new HashMap<>(model.apply(viewer));
            params.put("viewer", viewer);
            return Pages.renderPage(template, params);
        });
        Pages.send(ctx, page);
    }
}
