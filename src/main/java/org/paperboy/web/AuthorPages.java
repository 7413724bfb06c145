package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Categories;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.AuthorFollows;
import org.paperboy.community.User;
import org.paperboy.search.AuthorLookup;
import org.paperboy.search.AuthorLookup.AuthorPapers;

/**
 * Author pages ({@code /authors/NAME}, the name exactly as the catalog stores it): the author's papers newest first,
 * their most frequent co-authors and their categories, an Atom feed for anyone to follow them, and for members a
 * Follow button whose new papers then join the member's digest and alerts feed.
 */
final class AuthorPages {

    static final int PAGE_SIZE = 20;
    static final int FEED_ENTRIES = 50;
    static final int TALLIED = 15;

    private final Catalog catalog;
    private final Supplier<AuthorLookup> lookup;
    private final BooleanSupplier indexBehind;
    private final AuthorFollows follows;
    private final PaperItems items;
    private final Consumer<User> followStarted;
    private final Clock clock;

    /**
     * @param indexBehind whether the search index has yet to take papers the catalog holds (a name not found may
     *                    then be found soon)
     * @param followStarted what following asks for besides: a digest that brings the followed papers
     */
    AuthorPages(Catalog catalog, Supplier<AuthorLookup> lookup, BooleanSupplier indexBehind, AuthorFollows follows,
                PaperItems items, Consumer<User> followStarted, Clock clock) {
        this.catalog = catalog;
        this.lookup = lookup;
        this.indexBehind = indexBehind;
        this.follows = follows;
        this.items = items;
        this.followStarted = followStarted;
        this.clock = clock;
    }

    /** {@code GET /authors/{name}?page=N} (N from 0). */
    void page(Context ctx) {
        String name = ctx.pathParam("name");
        int page = Params.integer(ctx, "page", 0, 0, 1_000);
        AuthorLookup authors = lookup.get();
        AuthorPapers found = validName(name) ? authors.papers(name, page * PAGE_SIZE, PAGE_SIZE, TALLIED) : null;
        if (found == null || found.total() == 0) {
            unknown(ctx, name, validName(name) ? authors.spellings(name) : List.of());
            return;
        }
        Viewer viewer = Auth.viewer(ctx);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", name);
        model.put("total", found.total());
        model.put("items", items.ofPapers(papers(found.page()), viewer));
        model.put("coauthors", found.coauthors());
        model.put("categories", found.categories().stream()
                .map(t -> new Categories.Category(t.value(), Categories.name(t.value()), t.papers())).toList());
        model.put("page", page);
        model.put("pageSize", PAGE_SIZE);
        model.put("hasNext", (page + 1) * PAGE_SIZE < found.total());
        model.put("feed", Links.author(name) + "/feed.atom");
        model.put("following", viewer.signedIn() && follows.follows(viewer.user().id(), name));
        Pages.render(ctx, "author.jte", model);
    }

    /** {@code GET /authors/{name}/feed.atom}: the author's newest papers. */
    void feed(Context ctx, AtomFeeds feeds) {
        String name = ctx.pathParam("name");
        AuthorPapers found = find(name, 0, FEED_ENTRIES);
        feeds.papers(ctx, "Paperboy: papers by " + name, Links.author(name), papers(found.page()));
    }

    /** {@code POST /authors/{name}/follow}. */
    void follow(Context ctx) {
        User user = Auth.requireUser(ctx);
        String name = ctx.pathParam("name");
        find(name, 0, 1);
        follows.follow(user.id(), name, clock.instant());
        followStarted.accept(user);
        ctx.redirect(Links.author(name), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /authors/{name}/unfollow}: also for a name the catalog no longer lists. */
    void unfollow(Context ctx) {
        User user = Auth.requireUser(ctx);
        String name = ctx.pathParam("name");
        follows.unfollow(user.id(), name);
        ctx.redirect(Links.author(name), HttpStatus.SEE_OTHER);
    }

    /** The author's papers; 404 for a name no paper lists. */
    private AuthorPapers find(String name, int offset, int limit) {
        AuthorPapers found = validName(name) ? lookup.get().papers(name, offset, limit, TALLIED) : null;
        if (found == null || found.total() == 0) {
            throw HttpError.notFound("no paper in the catalog lists an author named “" + Text.abbreviate(name, 100) + "”");
        }
        return found;
    }

    private static boolean validName(String name) {
        return !name.isBlank() && name.length() <= AuthorFollows.MAX_NAME;
    }

    /** A 404 page that says how names are matched, offers the spellings the catalog has, and a search. */
    private void unknown(Context ctx, String name, List<String> spellings) {
        WebServer.formRefused(ctx, HttpStatus.NOT_FOUND);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", Text.abbreviate(name, 100));
        model.put("spellings", spellings.stream().limit(5).toList());
        model.put("search", "/search?q=" + Text.url("au:\"" + Text.abbreviate(name, 100) + "\""));
        model.put("indexBehind", indexBehind.getAsBoolean());
        Pages.render(ctx, "author-unknown.jte", model);
    }

    private List<Paper> papers(List<PaperId> ids) {
        List<Paper> papers = new ArrayList<>();
        ids.forEach(id -> catalog.find(id).ifPresent(papers::add));
        return papers;
    }
}
