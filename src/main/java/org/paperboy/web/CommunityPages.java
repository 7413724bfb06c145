package org.paperboy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Comment;
import org.paperboy.community.Comments;
import org.paperboy.community.CommunityException;
import org.paperboy.community.Feed;
import org.paperboy.community.Submission;
import org.paperboy.community.SubmissionRules;
import org.paperboy.community.User;
import org.paperboy.community.Votes;

/**
 * What members do: submit papers to the daily feed, upvote, comment; and what curators do: remove submissions and
 * comments. Each action is a form post from the pages (answered with a redirect back) and an API call (answered with
 * JSON).
 */
final class CommunityPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;
    private final Feed feed;
    private final Votes votes;
    private final Comments comments;
    private final Supplier<SubmissionRules> rules;
    private final RateLimits rateLimits;
    private final SubmissionFetch arxiv;

    CommunityPages(Catalog catalog, Feed feed, Votes votes, Comments comments, Supplier<SubmissionRules> rules,
                   RateLimits rateLimits, SubmissionFetch arxiv) {
        this.catalog = catalog;
        this.feed = feed;
        this.votes = votes;
        this.comments = comments;
        this.rules = rules;
        this.rateLimits = rateLimits;
        this.arxiv = arxiv;
    }

    void submitForm(Context ctx) {
        Auth.requireUser(ctx);
        renderSubmit(ctx, null, "");
    }

    /** {@code POST /submit} from the form: on success, to the feed that now lists the paper. */
    void submit(Context ctx) {
        User member = Auth.requireUser(ctx);
        String given = Params.formField(ctx, "paper", 300);
        try {
            Submission submission = submit(member, given);
            ctx.redirect("/daily?date=" + submission.feedDay() + "#paper-" + submission.paperId().value(), HttpStatus.SEE_OTHER);
        } catch (CommunityException e) {
            WebServer.formRefused(ctx, e);
            renderSubmit(ctx, e.getMessage(), given);
        } catch (HttpError e) {
            if (e.status().getCode() < 500) {
                throw e;
            }
            // arXiv did not answer: the form again, with the id still in it, to try again
            WebServer.formRefused(ctx, e.status());
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            renderSubmit(ctx, e.getMessage(), given);
        }
    }

    /** {@code POST /api/papers/submit} with {@code {"paper": "2503.11731"}}: 201 and the new feed entry. */
    void submitApi(Context ctx) {
        User member = Auth.requireUser(ctx);
        Submission submission = submit(member, stringField(jsonBody(ctx), "paper"));
        ctx.status(HttpStatus.CREATED).json(DailyPages.apiEntry(catalog.find(submission.paperId()).orElseThrow(),
                feed.submissionOf(submission.paperId()).orElseThrow()));
    }

    private Submission submit(User member, String given) {
        rateLimits.acquire(RateLimits.Action.SUBMIT, "member " + member.id());
        PaperId id = PaperId.tryParse(given).orElseThrow(() -> new CommunityException(CommunityException.Kind.INVALID,
                "'" + Text.abbreviate(given, 80) + "' is not an arXiv id or link (e.g. 2503.11731 or https://arxiv.org/abs/2503.11731)"));
        Paper paper = catalog.find(id).orElseGet(() -> fetch(member, id));
        return feed.submitToFeed(member, paper, rules.get(), Instant.now());
    }

    /**
     * Asks arXiv for a paper the catalog lacks, unless the submission would be refused anyway; the attempt has
     * already counted against the member's submissions.
     */
    private Paper fetch(User member, PaperId id) {
        if (!id.isArxiv()) {
            throw new CommunityException(CommunityException.Kind.NOT_FOUND, "paper " + id + " is not in the catalog; "
                    + "only arXiv papers are fetched when submitted");
        }
        feed.requireUnderDailyLimit(member, rules.get(), Instant.now());
        return arxiv.fetch(id);
    }

    /**
     * {@code POST /papers/fetch} from the search page's offer: fetches from arXiv a paper someone searched for by its
     * id and the catalog lacks, and opens its page. It counts as a submission against the member's limits, as it asks
     * arXiv the same, but puts nothing on the daily feed.
     */
    void fetchPaper(Context ctx) {
        User member = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.SUBMIT, "member " + member.id());
        String given = Params.formField(ctx, "paper", 300);
        PaperId id = PaperId.tryParseArxiv(given).map(PaperId.Versioned::id).orElseThrow(() -> new CommunityException(
                CommunityException.Kind.INVALID, "'" + Text.abbreviate(given, 80) + "' is not an arXiv id"));
        Paper paper = catalog.find(id).orElseGet(() -> arxiv.fetch(id));
        ctx.redirect("/papers/" + paper.id().value(), HttpStatus.SEE_OTHER);
    }

    private void renderSubmit(Context ctx, String error, String paper) {
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("paper", paper);
        model.put("rules", rules.get());
        Pages.render(ctx, "submit.jte", model);
    }

    /** {@code POST /papers/{id}/remove}: a curator takes a paper off the feed. */
    void removeSubmission(Context ctx) {
        User curator = Auth.requireUser(ctx);
        Paper paper = paper(ctx);
        feed.removeSubmission(curator, paper.id());
        ctx.redirect(Params.localPath(ctx.formParam("back")), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code POST /papers/{id}/upvote} (the page's button, back to the page it came from) and
     * {@code POST /api/papers/{id}/upvote}: toggles the member's upvote, so a retried request undoes itself; API
     * clients that may retry use {@link #putUpvote} and {@link #deleteUpvote}.
     */
    void upvote(Context ctx) {
        User member = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.VOTE, "member " + member.id());
        Paper paper = paper(ctx);
        boolean upvoted = votes.toggleUpvote(member.id(), paper.id());
        if (isApi(ctx)) {
            upvoteJson(ctx, paper, upvoted);
        } else {
            ctx.redirect(Params.localPath(ctx.formParam("back")) + "#paper-" + paper.id().value(), HttpStatus.SEE_OTHER);
        }
    }

    /** {@code PUT /api/papers/{id}/upvote}: the paper is upvoted afterwards, however often the request is sent. */
    void putUpvote(Context ctx) {
        setUpvote(ctx, true);
    }

    /** {@code DELETE /api/papers/{id}/upvote}: the paper is not upvoted afterwards, however often it is sent. */
    void deleteUpvote(Context ctx) {
        setUpvote(ctx, false);
    }

    private void setUpvote(Context ctx, boolean upvoted) {
        User member = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.VOTE, "member " + member.id());
        Paper paper = paper(ctx);
        if (upvoted) {
            votes.upvote(member.id(), paper.id());
        } else {
            votes.removeUpvote(member.id(), paper.id());
        }
        upvoteJson(ctx, paper, upvoted);
    }

    private void upvoteJson(Context ctx, Paper paper, boolean upvoted) {
        ctx.json(Map.of("paper", paper.id().value(), "upvoted", upvoted, "upvotes", votes.upvotes(paper.id())));
    }

    /** {@code POST /papers/{id}/comments}: a comment, or a reply when {@code parent} is given. */
    void comment(Context ctx) {
        User member = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.COMMENT, "member " + member.id());
        Paper paper = paper(ctx);
        boolean api = isApi(ctx);
        JsonNode json = api ? jsonBody(ctx) : null;
        String body = api ? stringField(json, "body") : Params.formField(ctx, "body", Comment.MAX_LENGTH * 2);
        String parent = api ? (json.hasNonNull("parentId") ? json.get("parentId").asText() : null) : ctx.formParam("parent");
        Comment comment = comments.addComment(member.id(), paper.id(), commentId(parent), body);
        if (api) {
            ctx.status(HttpStatus.CREATED).json(commentJson(comments.comment(comment.id())));
        } else {
            ctx.redirect("/papers/" + paper.id().value() + "#comment-" + comment.id(), HttpStatus.SEE_OTHER);
        }
    }

    /** {@code GET /api/papers/{id}/comments}: the discussion, oldest first, with each body also as safe HTML. */
    void commentsApi(Context ctx) {
        Paper paper = paper(ctx);
        List<Map<String, Object>> thread = new ArrayList<>();
        for (Comment comment : comments.comments(paper.id())) {
            thread.add(commentJson(comment));
        }
        ctx.json(thread);
    }

    void editComment(Context ctx) {
        User member = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.EDIT_COMMENT, "member " + member.id());
        long id = commentId(ctx.pathParam("comment"));
        comments.editComment(member, id, Params.formField(ctx, "body", Comment.MAX_LENGTH * 2));
        ctx.redirect("/papers/" + comments.comment(id).paperId().value() + "#comment-" + id, HttpStatus.SEE_OTHER);
    }

    void deleteComment(Context ctx) {
        User member = Auth.requireUser(ctx);
        long id = commentId(ctx.pathParam("comment"));
        comments.deleteComment(member, id);
        ctx.redirect("/papers/" + comments.comment(id).paperId().value() + "#comment-" + id, HttpStatus.SEE_OTHER);
    }

    private static Map<String, Object> commentJson(Comment comment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", comment.id());
        json.put("parentId", comment.parentId());
        json.put("author", Map.of("user", comment.authorUsername(), "fullname", comment.authorName()));
        json.put("body", comment.body());
        json.put("bodyHtml", comment.html());
        json.put("createdAt", PaperPages.API_TIME.format(comment.createdAt()));
        json.put("editedAt", comment.editedAt() == null ? null : PaperPages.API_TIME.format(comment.editedAt()));
        json.put("deleted", comment.deleted());
        return json;
    }

    private Paper paper(Context ctx) {
        return PaperPages.find(catalog, ctx.pathParam("id"));
    }

    private static Long commentId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!raw.strip().matches("\\d{1,18}")) {
            throw HttpError.badRequest("a comment id is a number, not '" + Text.abbreviate(raw, 40) + "'");
        }
        return Long.parseLong(raw.strip());
    }

    private static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    private static JsonNode jsonBody(Context ctx) {
        try {
            JsonNode json = JSON.readTree(ctx.body());
            if (json == null || !json.isObject()) {
                throw HttpError.badRequest("send a JSON object");
            }
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String stringField(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || !value.isTextual()) {
            throw HttpError.badRequest("'" + name + "' must be a string");
        }
        return value.asText();
    }
}
