package org.paperboy.mail.digest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Feed;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.FeedOrder;
import org.paperboy.community.Votes;
import org.paperboy.subscription.Subscription;

/**
 * What goes into one subscriber's digest for one period: the community's picks of the period (most upvoted first),
 * a member's followed authors' new papers, the papers announced in their categories (new submissions and cross-lists,
 * not new versions of old papers), and their alerts' matches. A paper shows once, in the first section that has it.
 */
final class DigestContent {

    /** A paper in a digest, with its upvotes and, for an alert's match, why it matched. */
    record Item(Paper paper, int upvotes, String why) {}

    record Section(String heading, String note, List<Item> items) {}

    static final int MAX_PICKS = 10;
    static final int MAX_CATEGORY_PAPERS = 25;
    static final int MAX_ALERT_PAPERS = 10;
    static final int MAX_FOLLOWED_PAPERS = 25;
    static final String FOLLOWED_HEADING = "New from authors you follow";

    private final Catalog catalog;
    private final Feed feed;
    private final Votes votes;
    private final DigestAlerts alerts;
    private final DigestFollows follows;

    DigestContent(Catalog catalog, Feed feed, Votes votes, DigestAlerts alerts, DigestFollows follows) {
        this.catalog = catalog;
        this.feed = feed;
        this.votes = votes;
        this.alerts = alerts;
        this.follows = follows;
    }

    /** The non-empty sections, in the order the digest shows them. */
    List<Section> sections(Subscription subscription, DigestPeriod period) {
        Set<PaperId> shown = new HashSet<>();
        List<Section> sections = new ArrayList<>();
        if (subscription.communityPicks()) {
            add(sections, shown, "Community picks", null, picks(period), MAX_PICKS);
        }
        if (subscription.userId() != null && subscription.preferences().alertMatches()) {
            add(sections, shown, FOLLOWED_HEADING, null, followedItems(subscription.userId(), period),
                    MAX_FOLLOWED_PAPERS);
        }
        if (!subscription.categories().isEmpty()) {
            List<Item> announced = announcedIn(subscription.categories(), period);
            String note = announced.size() > MAX_CATEGORY_PAPERS
                    ? "The " + MAX_CATEGORY_PAPERS + " most upvoted of " + announced.size() + " papers." : null;
            add(sections, shown, "New in " + String.join(", ", subscription.categories()), note, announced,
                    MAX_CATEGORY_PAPERS);
        }
        if (subscription.userId() != null && subscription.preferences().alertMatches()) {
            for (DigestAlerts.AlertSection alert : alerts.sectionsFor(subscription.userId(),
                    period.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    period.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                add(sections, shown, "Alert: " + alert.alertName(), null, alertItems(alert), MAX_ALERT_PAPERS);
            }
        }
        return sections;
    }

    private static void add(List<Section> sections, Set<PaperId> shown, String heading, String note, List<Item> items,
            int max) {
        List<Item> fresh = items.stream().filter(item -> shown.add(item.paper().id())).limit(max).toList();
        if (!fresh.isEmpty()) {
            sections.add(new Section(heading, note, fresh));
        }
    }

    /** The period's picks by upvotes, as the daily page's "Community picks" lists them. */
    private List<Item> picks(DigestPeriod period) {
        List<Item> items = new ArrayList<>();
        for (FeedEntry entry : feed.page(period.from(), period.day(), null, FeedOrder.UPVOTES, MAX_PICKS * 2, 0)) {
            catalog.find(entry.submission().paperId()).ifPresent(p -> items.add(new Item(p, entry.upvotes(), null)));
        }
        return items;
    }

    /**
     * The papers announced in any of the categories during the period, best first: most upvoted (the only judgement
     * of quality the catalog has), then the most recently submitted.
     */
    private List<Item> announcedIn(List<String> categories, DigestPeriod period) {
        Map<PaperId, Paper> papers = new LinkedHashMap<>();
        for (LocalDate day = period.from(); !day.isAfter(period.day()); day = day.plusDays(1)) {
            for (ListedPaper listed : catalog.listing(day)) {
                boolean fresh = listed.type() == AnnounceType.NEW || listed.type() == AnnounceType.CROSS;
                if (fresh && listed.paper().categories().stream().anyMatch(categories::contains)) {
                    papers.putIfAbsent(listed.paper().id(), listed.paper());
                }
            }
        }
        Map<PaperId, Integer> upvotes = papers.isEmpty() ? Map.of() : votes.upvoteCounts(papers.keySet());
        Comparator<Item> best = Comparator.<Item>comparingInt(Item::upvotes).reversed()
                .thenComparing(item -> item.paper().submittedAt(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(item -> item.paper().id().value());
        return papers.values().stream().map(p -> new Item(p, upvotes.getOrDefault(p.id(), 0), null)).sorted(best).toList();
    }

    private List<Item> followedItems(long userId, DigestPeriod period) {
        List<DigestFollows.FollowedItem> found = follows.papersFor(userId, period.from(), period.day());
        Map<PaperId, Integer> upvotes = found.isEmpty() ? Map.of()
                : votes.upvoteCounts(found.stream().map(DigestFollows.FollowedItem::id).toList());
        return found.stream().flatMap(item -> catalog.find(item.id())
                .map(p -> new Item(p, upvotes.getOrDefault(p.id(), 0), item.why())).stream()).toList();
    }

    private List<Item> alertItems(DigestAlerts.AlertSection alert) {
        Map<PaperId, Integer> upvotes = alert.items().isEmpty() ? Map.of()
                : votes.upvoteCounts(alert.items().stream().map(DigestAlerts.AlertItem::id).toList());
        return alert.items().stream()
                .sorted(Comparator.comparingDouble(DigestAlerts.AlertItem::score).reversed())
                .flatMap(item -> catalog.find(item.id()).map(p -> new Item(p, upvotes.getOrDefault(p.id(), 0), item.why())).stream())
                .toList();
    }
}
