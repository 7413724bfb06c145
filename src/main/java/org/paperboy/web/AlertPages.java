package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paperboy.alerts.Alert;
import org.paperboy.alerts.AlertFilters;
import org.paperboy.alerts.SavedAlerts;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Members;
import org.paperboy.community.User;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.subscription.Subscriptions;

/**
 * A member's saved alerts: saving one from a search or a paper page, the alerts page (edit, delete, recent matches,
 * feed URLs), and the personal Atom feeds at {@code /feeds/alerts/SECRET.atom} (all alerts) and
 * {@code /feeds/alerts/SECRET/ALERT_ID.atom} (one), which answer 404 to any secret but the member's current one.
 */
final class AlertPages {

    static final int RECENT_MATCHES = 50;
    private static final int FEED_ENTRIES = 100;
    private static final String ATOM = ".atom";

    private final SavedAlerts alerts;
    private final Catalog catalog;
    private final Members members;
    private final Subscriptions subscriptions;
    private final boolean mailOn;
    private final String baseUrl;

    AlertPages(SavedAlerts alerts, Catalog catalog, Members members, Subscriptions subscriptions, boolean mailOn,
            String baseUrl) {
        this.alerts = alerts;
        this.catalog = catalog;
        this.members = members;
        this.subscriptions = subscriptions;
        this.mailOn = mailOn;
        this.baseUrl = baseUrl;
    }

    /** {@code GET /alerts}. */
    void page(Context ctx) {
        User user = Auth.requireUser(ctx);
        String secret = alerts.feedSecrets().secret(user.id());
        List<AlertView> views = alerts.alerts().list(user.id()).stream()
                .map(alert -> new AlertView(alert, feedUrl(secret) + "/" + alert.id() + ATOM)).toList();
        List<AlertMatchView> matches = alerts.matches().recent(user.id(), null, RECENT_MATCHES).stream()
                .map(match -> new AlertMatchView(match, catalog.find(match.paperId()).orElse(null))).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("alerts", views);
        model.put("matches", matches);
        model.put("feedUrl", feedUrl(secret) + ATOM);
        model.put("byMail", byMail(user));
        model.put("followedAuthors", alerts.follows().followedBy(user.id()));
        Pages.render(ctx, "alerts.jte", model);
    }

    /** {@code POST /alerts}: from the search page ({@code q}, {@code cat}, {@code name}) or a paper ({@code seed}). */
    void create(Context ctx) {
        User user = Auth.requireUser(ctx);
        String seed = Params.formField(ctx, "seed", 100);
        if (!seed.isBlank()) {
            PaperId id = PaperId.tryParse(seed).orElseThrow(() -> HttpError.badRequest("'" + Text.abbreviate(seed, 80)
                    + "' is not a paper id"));
            alerts.saveSimilar(user.id(), id);
        } else {
            Set<String> categories = Set.copyOf(list(Params.formField(ctx, "cat", 1_000)));
            alerts.saveSearch(user.id(), Params.formField(ctx, "name", 200), Params.formField(ctx, "q", 1_000), categories);
        }
        startDigestOfMatches(user);
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    /**
     * Saving an alert asks for its matches, so a member with a confirmed address and no digest gets a daily one of
     * their alerts' matches only. A digest the member has (whatever it brings), asked for or left, is theirs to change.
     * Following an author asks for the same (see {@link AuthorPages}).
     */
    void startDigestOfMatches(User user) {
        if (!mailOn) {
            return;
        }
        members.verifiedEmail(user.id()).filter(email -> subscriptions.find(email).isEmpty())
                .ifPresent(email -> subscriptions.subscribeVerified(email, Preferences.alertsOnly(), user.id()));
    }

    /** How the matches reach the member by mail, in a sentence for the alerts page. */
    private String byMail(User user) {
        if (!mailOn) {
            return "This site sends no mail: the matches are here and in your feeds.";
        }
        Optional<String> email = members.verifiedEmail(user.id());
        if (email.isEmpty()) {
            return "Confirm your address in your settings to get the matches by mail; until then they are here and "
                    + "in your feeds.";
        }
        Optional<Subscription> digest = subscriptions.find(email.get()).filter(Subscription::confirmed);
        if (digest.isPresent() && digest.get().preferences().alertMatches()) {
            return "The matches come in your " + digest.get().frequency().label() + " digest to " + email.get() + ".";
        }
        return "Your digest does not bring the matches: choose them in your mail settings.";
    }

    /** {@code POST /alerts/{alert}/edit}: name and filters. */
    void edit(Context ctx) {
        User user = Auth.requireUser(ctx);
        alerts.alerts().update(user.id(), alertId(ctx), Params.formField(ctx, "name", 200), AlertFilters.parse(
                Params.formField(ctx, "categories", 2_000), Params.formField(ctx, "authors", 2_000),
                Params.formField(ctx, "must_have", 2_000), Params.formField(ctx, "must_not", 2_000)));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    /** {@code POST /alerts/{alert}/delete}. */
    void delete(Context ctx) {
        alerts.alerts().delete(Auth.requireUser(ctx).id(), alertId(ctx));
        ctx.redirect("/alerts", HttpStatus.SEE_OTHER);
    }

    /** {@code POST /alerts/feed/rotate}: a new feed secret; the old feed URLs answer 404 from now on. */
    void rotate(Context ctx) {
        alerts.feedSecrets().rotate(Auth.requireUser(ctx).id());
        ctx.redirect("/alerts#feeds", HttpStatus.SEE_OTHER);
    }

    /**
     * {@code GET /feeds/alerts/SECRET.atom}: what all the member's alerts found, and the new papers of the authors they
     * follow (a paper both brought is one entry).
     */
    void feed(Context ctx, AtomFeeds feeds) {
        long userId = member(ctx.pathParam("file"));
        Map<PaperId, String> found = new LinkedHashMap<>();
        alerts.matches().recent(userId, null, FEED_ENTRIES).forEach(match -> found.put(match.paperId(), match.why()));
        alerts.followed().recent(userId, FEED_ENTRIES).forEach(paper -> found.putIfAbsent(paper.paperId(), paper.why()));
        write(ctx, feeds, "Paperboy: your alerts", found);
    }

    /** {@code GET /feeds/alerts/SECRET/ALERT_ID.atom}: what one alert found. */
    void alertFeed(Context ctx, AtomFeeds feeds) {
        long userId = member(ctx.pathParam("secret") + ATOM);
        String file = ctx.pathParam("file");
        long alertId = file.endsWith(ATOM) ? parseId(file.substring(0, file.length() - ATOM.length())) : -1;
        Alert alert = alerts.alerts().find(userId, alertId).orElseThrow(() -> HttpError.notFound("no such feed"));
        Map<PaperId, String> found = new LinkedHashMap<>();
        alerts.matches().recent(userId, alertId, FEED_ENTRIES).forEach(match -> found.put(match.paperId(), match.why()));
        write(ctx, feeds, "Paperboy alert: " + alert.name(), found);
    }

    /** @param why each paper's reason, in the feed's order */
    private void write(Context ctx, AtomFeeds feeds, String title, Map<PaperId, String> why) {
        List<Paper> papers = new ArrayList<>();
        why.keySet().forEach(id -> catalog.find(id).ifPresent(papers::add));
        // The URL is the secret: no cache may keep the feed, and no page links it elsewhere.
        ctx.header("Cache-Control", "private, no-store");
        feeds.alerts(ctx, title, "/alerts", papers, why);
    }

    /** The member whose current secret {@code file} ({@code SECRET.atom}) holds; 404 for any other. */
    private long member(String file) {
        String secret = file.endsWith(ATOM) ? file.substring(0, file.length() - ATOM.length()) : "";
        return alerts.feedSecrets().member(secret).orElseThrow(() -> HttpError.notFound("no such feed"));
    }

    private String feedUrl(String secret) {
        return baseUrl + "/feeds/alerts/" + secret;
    }

    private static long alertId(Context ctx) {
        long id = parseId(ctx.pathParam("alert"));
        if (id < 0) {
            throw HttpError.notFound("no alert " + Text.abbreviate(ctx.pathParam("alert"), 40));
        }
        return id;
    }

    private static long parseId(String text) {
        return text.matches("\\d{1,18}") ? Long.parseLong(text) : -1;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).limit(20).toList();
    }
}
