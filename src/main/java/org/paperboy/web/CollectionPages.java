package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.PaperCollection;
import org.paperboy.community.PaperCollections;
import org.paperboy.community.User;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading lists: a member's collections ({@code /collections}), one collection ({@code /collections/{id}}, also as
 * {@code .bib} and {@code .json} CSL), the forms that change them, and a small JSON API. A collection the viewer may
 * not see answers 404, as one that does not exist does.
 */
final class CollectionPages {

    private static final Logger log = LoggerFactory.getLogger(CollectionPages.class);
    /** Papers on one page of a collection; the exports hold them all. */
    static final int PAGE_SIZE = 50;
    static final int MORE_LIKE_THIS = 10;

    private final Catalog catalog;
    private final PaperCollections collections;
    private final Supplier<Search> search;

    CollectionPages(Catalog catalog, PaperCollections collections, Supplier<Search> search) {
        this.catalog = catalog;
        this.collections = collections;
        this.search = search;
    }

    /** {@code GET /collections}: the member's collections, and a form for a new one. */
    void mine(Context ctx) {
        User member = Auth.requireUser(ctx);
        Pages.render(ctx, "collections.jte", Map.of("collections", collections.ofMember(member.id())));
    }

    /** {@code POST /collections} with {@code name} and {@code public}: a new collection. */
    void create(Context ctx) {
        User member = Auth.requireUser(ctx);
        PaperCollection made = collections.create(member, Params.formField(ctx, "name", 1000), isPublic(ctx));
        ctx.redirect(link(made.id()), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code POST /collections/save} with {@code paper} and either {@code collection} (an id) or {@code name} (made if
     * the member has none of that name; "Reading list" when blank), back to {@code back}.
     */
    void save(Context ctx) {
        User member = Auth.requireUser(ctx);
        Paper paper = PaperPages.find(catalog, Params.formField(ctx, "paper", 100));
        String id = Params.formField(ctx, "collection", 100);
        if (id.isBlank()) {
            collections.saveByName(member, Params.formField(ctx, "name", 1000), paper.id());
        } else {
            collections.save(member, id, paper.id());
        }
        String back = ctx.formParam("back");
        String to = back == null ? "/papers/" + paper.id().value() : Params.localPath(back) + "#paper-" + paper.id().value();
        ctx.redirect(to, HttpStatus.SEE_OTHER);
    }

    /** {@code GET /collections/{id}}, {@code /collections/{id}.bib} and {@code /collections/{id}.json}. */
    void collection(Context ctx) {
        String raw = ctx.pathParam("id");
        User viewer = Auth.viewer(ctx).user();
        if (raw.endsWith(".bib")) {
            List<Paper> papers = papers(collections.visible(raw.substring(0, raw.length() - 4), viewer));
            ctx.contentType("application/x-bibtex; charset=utf-8")
                    .result(String.join("\n", papers.stream().map(PaperFormats::bibtex).toList()));
            return;
        }
        if (raw.endsWith(".json")) {
            List<Paper> papers = papers(collections.visible(raw.substring(0, raw.length() - 5), viewer));
            ctx.contentType(CslJson.CONTENT_TYPE).result(CslJson.of(papers));
            return;
        }
        PaperCollection collection = collections.visible(raw, viewer);
        List<PaperId> ids = collections.papers(collection.id());
        int page = Params.integer(ctx, "page", 0, 0, Math.max(0, (ids.size() - 1) / PAGE_SIZE));
        List<Paper> shown = resolve(ids.subList(page * PAGE_SIZE, Math.min(ids.size(), (page + 1) * PAGE_SIZE)));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("collection", collection);
        model.put("papers", shown);
        model.put("page", page);
        model.put("hasNext", (page + 1) * PAGE_SIZE < ids.size());
        model.put("similar", moreLikeThis(ids));
        model.put("owner", collection.ownedBy(viewer));
        Pages.render(ctx, "collection.jte", model);
    }

    /** {@code POST /collections/{id}/rename} with {@code name}. */
    void rename(Context ctx) {
        User member = Auth.requireUser(ctx);
        String id = ctx.pathParam("id");
        collections.rename(member, id, Params.formField(ctx, "name", 1000));
        ctx.redirect(link(id), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /collections/{id}/visibility} with {@code public} ("on" when ticked). */
    void visibility(Context ctx) {
        User member = Auth.requireUser(ctx);
        String id = ctx.pathParam("id");
        collections.setPublic(member, id, isPublic(ctx));
        ctx.redirect(link(id), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /collections/{id}/remove} with {@code paper}. */
    void remove(Context ctx) {
        User member = Auth.requireUser(ctx);
        String id = ctx.pathParam("id");
        PaperId paper = PaperId.tryParse(Params.formField(ctx, "paper", 100))
                .orElseThrow(() -> HttpError.badRequest("paper must be a paper id"));
        collections.remove(member, id, paper);
        ctx.redirect(link(id), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /collections/{id}/delete}. */
    void delete(Context ctx) {
        User member = Auth.requireUser(ctx);
        collections.delete(member, ctx.pathParam("id"));
        ctx.redirect("/collections", HttpStatus.SEE_OTHER);
    }

    /** {@code GET /api/collections}: the caller's collections. */
    void mineApi(Context ctx) {
        User member = Auth.requireUser(ctx);
        ctx.json(collections.ofMember(member.id()).stream().map(CollectionPages::toJson).toList());
    }

    /** {@code GET /api/collections/{id}}: a collection the caller may see, with its papers' ids. */
    void collectionApi(Context ctx) {
        PaperCollection collection = collections.visible(ctx.pathParam("id"), Auth.viewer(ctx).user());
        Map<String, Object> json = toJson(collection);
        json.put("papers", collections.papers(collection.id()).stream().map(PaperId::value).toList());
        ctx.json(json);
    }

    /** {@code PUT /api/collections/{id}/papers/{paper}}: saves a paper (doing it twice keeps it once). */
    void saveApi(Context ctx) {
        User member = Auth.requireUser(ctx);
        Paper paper = PaperPages.find(catalog, ctx.pathParam("paper"));
        ctx.json(toJson(collections.save(member, ctx.pathParam("id"), paper.id())));
    }

    /** {@code DELETE /api/collections/{id}/papers/{paper}}. */
    void removeApi(Context ctx) {
        User member = Auth.requireUser(ctx);
        PaperId paper = PaperId.tryParse(ctx.pathParam("paper")).orElseThrow(() -> HttpError.notFound("not a paper id"));
        collections.remove(member, ctx.pathParam("id"), paper);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Map<String, Object> toJson(PaperCollection collection) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", collection.id());
        json.put("name", collection.name());
        json.put("public", collection.isPublic());
        json.put("owner", collection.ownerUsername());
        json.put("papers", collection.papers());
        json.put("createdAt", PaperPages.API_TIME.format(collection.createdAt()));
        return json;
    }

    private List<Paper> papers(PaperCollection collection) {
        return resolve(collections.papers(collection.id()));
    }

    private List<Paper> resolve(List<PaperId> ids) {
        return ids.stream().flatMap(id -> catalog.find(id).stream()).toList();
    }

    /** Papers like the collection's together; the page still renders if the index cannot answer (it may lag). */
    private List<Paper> moreLikeThis(List<PaperId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            List<SearchHit> hits = search.get().similar(ids, MORE_LIKE_THIS);
            return resolve(hits.stream().map(SearchHit::id).toList());
        } catch (RuntimeException e) {
            log.warn("a collection is shown without papers like it: the search index failed", e);
            return List.of();
        }
    }

    /** A collection's page; its id is hex, safe in a path as it is. */
    static String link(String id) {
        return "/collections/" + id;
    }

    private static boolean isPublic(Context ctx) {
        return "on".equals(ctx.formParam("public")) || "true".equals(ctx.formParam("public"));
    }
}
