package org.paperboy.web;

import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Comment;
import org.paperboy.community.Comments;
import org.paperboy.community.Feed;
import org.paperboy.community.PaperActivity;
import org.paperboy.community.Votes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The catalog's pages: the most recent papers, one paper, and the paper as JSON. */
final class PaperPages {

    private static final Logger log = LoggerFactory.getLogger(PaperPages.class);
    static final int PAGE_SIZE = 30;
    private static final int MAX_PAGE = 10_000;
    /** The public daily-papers API's timestamps: milliseconds, UTC, with a Z. */
    static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final Catalog catalog;
    private final Feed feed;
    private final Votes votes;
    private final Comments comments;
    private final PaperActivity activity;
    private final java.util.function.Supplier<org.paperboy.search.Search> search;

    PaperPages(Catalog catalog, Feed feed, Votes votes, Comments comments, PaperActivity activity,
               java.util.function.Supplier<org.paperboy.search.Search> search) {
        this.catalog = catalog;
        this.feed = feed;
        this.votes = votes;
        this.comments = comments;
        this.activity = activity;
        this.search = search;
    }

    void recent(Context ctx) {
        int page = Params.pageIndex(ctx, MAX_PAGE);
        List<Paper> papers = catalog.recent(PAGE_SIZE + 1, page * PAGE_SIZE);
        boolean hasNext = papers.size() > PAGE_SIZE;
        Pages.render(ctx, "recent.jte", Map.of(
                "papers", papers.subList(0, Math.min(PAGE_SIZE, papers.size())),
                "page", page,
                "hasNext", hasNext,
                "total", catalog.count()));
    }

    /** {@code /papers/{id}}, and the same paper as {@code .md} (Markdown) or {@code .bib} (BibTeX). */
    void paper(Context ctx) {
        String raw = ctx.pathParam("id");
        if (raw.endsWith(".md")) {
            ctx.contentType("text/markdown; charset=utf-8").result(PaperFormats.markdown(find(raw.substring(0, raw.length() - 3))));
            return;
        }
        if (raw.endsWith(".bib")) {
            ctx.contentType("application/x-bibtex; charset=utf-8").result(PaperFormats.bibtex(find(raw.substring(0, raw.length() - 4))));
            return;
        }
        Paper paper = find(raw);
        Viewer viewer = Auth.viewer(ctx);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("paper", paper);
        PaperActivity.Summary done = activity.of(paper.id());
        model.put("upvotes", done.upvotes());
        model.put("upvoted", viewer.signedIn() && done.upvotes() > 0
                && !votes.upvotedAmong(viewer.user().id(), List.of(paper.id())).isEmpty());
        model.put("submission", done.submitted() ? feed.submissionOf(paper.id()).orElse(null) : null);
        model.put("comments", done.commented() ? threaded(comments.comments(paper.id())) : List.of());
        model.put("similar", similar(paper));
        Pages.render(ctx, "paper.jte", model);
    }

    /** Comments in reading order: each followed by its replies (oldest first), with its depth in the thread. */
    static List<CommentView> threaded(List<Comment> comments) {
        Map<Long, List<Comment>> replies = new java.util.HashMap<>();
        for (Comment comment : comments) {
            replies.computeIfAbsent(comment.parentId() == null ? 0L : comment.parentId(), k -> new java.util.ArrayList<>())
                    .add(comment);
        }
        List<CommentView> ordered = new java.util.ArrayList<>();
        java.util.Deque<CommentView> pending = new java.util.ArrayDeque<>();
        replies.getOrDefault(0L, List.of()).reversed().forEach(c -> pending.push(new CommentView(c, 0)));
        while (!pending.isEmpty()) {
            CommentView next = pending.pop();
            ordered.add(next);
            replies.getOrDefault(next.comment().id(), List.of()).reversed()
                    .forEach(c -> pending.push(new CommentView(c, next.depth() + 1)));
        }
        return ordered;
    }

    /** Up to five related papers; a page still renders if the index cannot answer (it is derived, and may lag). */
    private List<Paper> similar(Paper paper) {
        List<org.paperboy.search.SearchHit> hits;
        try {
            hits = search.get().similar(paper.id(), 5);
        } catch (RuntimeException e) {
            log.warn("the page of {} is shown without similar papers: the search index failed", paper.id(), e);
            return List.of();
        }
        return hits.stream().flatMap(hit -> catalog.find(hit.id()).stream()).toList();
    }

    void paperJson(Context ctx) {
        Paper paper = find(ctx.pathParam("id"));
        ctx.json(toJson(paper, votes.upvotes(paper.id())));
    }

    /** The paper in the shape of the public daily-papers API ({@code summary}, {@code publishedAt}...), plus ours. */
    static Map<String, Object> toJson(Paper paper, int upvotes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", paper.id().value());
        json.put("authors", paper.authors().stream().map(name -> Map.of("name", name)).toList());
        json.put("publishedAt", paper.publishedOn() == null ? null
                : API_TIME.format(paper.submittedAt() != null ? paper.submittedAt()
                        : paper.publishedOn().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        json.put("title", paper.title());
        json.put("summary", Text.unwrap(paper.abstractText()));
        json.put("upvotes", upvotes);
        json.put("discussionId", paper.id().value());
        json.put("version", paper.version());
        json.put("categories", paper.categories());
        json.put("comment", paper.comments());
        json.put("journalRef", paper.journalRef());
        json.put("doi", paper.doi());
        json.put("license", paper.license());
        json.put("announcedOn", paper.announced() == null ? null : paper.announced().toString());
        return json;
    }

    private Paper find(String rawId) {
        return find(catalog, rawId);
    }

    /** The paper a path names, or 404 saying whether the id is malformed or just not in the catalog. */
    static Paper find(Catalog catalog, String rawId) {
        PaperId id = PaperId.tryParse(rawId)
                .orElseThrow(() -> HttpError.notFound("'" + Text.abbreviate(rawId, 80) + "' is not a paper id "
                        + "(expected an arXiv id such as 2503.11731)"));
        return catalog.find(id).orElseThrow(() -> HttpError.notFound("paper " + id + " is not in the catalog"));
    }

}
