package org.paperboy.web;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.catalog.XmlChars;
import org.paperboy.community.Feed;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.FeedOrder;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchRequest;

/**
 * Atom feeds of the daily feed, trending and any search, for feed readers. Each page that has one announces it with
 * {@code <link rel="alternate" type="application/atom+xml">}.
 */
final class AtomFeeds {

    static final String TYPE = "application/atom+xml; charset=utf-8";

    private final Catalog catalog;
    private final Feed feed;
    private final java.util.function.Supplier<Search> search;
    private final String baseUrl;

    /** @param baseUrl where users reach the site ({@code http.public-url}), for the feeds' absolute links */
    AtomFeeds(Catalog catalog, Feed feed, java.util.function.Supplier<Search> search, String baseUrl) {
        this.catalog = catalog;
        this.feed = feed;
        this.search = search;
        this.baseUrl = baseUrl;
    }

    /** {@code /feeds/daily.atom?date=}: a day's community picks, else what arXiv announced that day. */
    void daily(Context ctx) {
        LocalDate day = Optional.ofNullable(Params.date(ctx, "date"))
                .or(catalog::latestAnnouncementDay).orElse(LocalDate.now(ZoneOffset.UTC));
        List<Paper> papers = new ArrayList<>();
        feed.page(day, day, null, FeedOrder.UPVOTES, 100, 0)
                .forEach(e -> catalog.find(e.submission().paperId()).ifPresent(papers::add));
        if (papers.isEmpty()) {
            papers.addAll(catalog.announcedOn(day).stream().limit(200).toList());
        }
        write(ctx, "Paperboy daily papers, " + day, "/daily?date=" + day, papers);
    }

    /** {@code /feeds/trending.atom}: the last week's picks by trending score. */
    void trending(Context ctx) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Paper> papers = new ArrayList<>();
        for (FeedEntry entry : feed.page(today.minusDays(DailyPages.TRENDING_DAYS), today, null, FeedOrder.TRENDING, 50, 0)) {
            catalog.find(entry.submission().paperId()).ifPresent(papers::add);
        }
        write(ctx, "Paperboy trending papers", "/trending", papers);
    }

    /** {@code /feeds/search.atom?q=…}: the newest papers matching a search, to follow a topic. */
    void search(Context ctx, SearchRequest request) {
        List<Paper> papers = new ArrayList<>();
        for (SearchHit hit : search.get().search(request).hits()) {
            catalog.find(hit.id()).ifPresent(papers::add);
        }
        write(ctx, "Paperboy search: " + request.query(), "/search?q=" + Text.url(request.query()), papers);
    }

    /** A member's alert feed: each entry's summary opens with why the paper matched ({@code why}, by paper). */
    void alerts(Context ctx, String title, String pagePath, List<Paper> papers, java.util.Map<PaperId, String> why) {
        write(ctx, title, pagePath, papers, paper -> why.getOrDefault(paper.id(), "") + "\n\n" + paper.abstractText());
    }

    /** A feed of these papers, the page at {@code pagePath} shown as its alternate: an author's or a category's. */
    void papers(Context ctx, String title, String pagePath, List<Paper> papers) {
        write(ctx, title, pagePath, papers);
    }

    private void write(Context ctx, String title, String pagePath, List<Paper> papers) {
        write(ctx, title, pagePath, papers, Paper::abstractText);
    }

    /**
     * Every text goes through {@link XmlChars#strip}: the catalog keeps none of the characters XML forbids, but a
     * search query can hold them, and one such character would fail the whole feed.
     */
    private void write(Context ctx, String title, String pagePath, List<Paper> papers,
                       java.util.function.Function<Paper, String> summary) {
        // Links are absolute, as Atom wants: from the configured address, never the request's Host header, which
        // the client chooses (and a cache might then serve the forged links to everyone).
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        feed.setTitle(XmlChars.strip(title));
        feed.setUri(baseUrl + pagePath);
        feed.setLinks(List.of(link(baseUrl + pagePath, "alternate"), link(baseUrl + ctx.path()
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), "self")));
        feed.setPublishedDate(Date.from(Instant.now()));
        List<SyndEntry> entries = new ArrayList<>();
        for (Paper paper : papers) {
            entries.add(entry(paper, baseUrl, summary.apply(paper)));
        }
        feed.setEntries(entries);
        try {
            ctx.contentType(TYPE).result(new SyndFeedOutput().outputString(feed));
        } catch (FeedException e) {
            throw new IllegalStateException("cannot write the Atom feed: " + e.getMessage(), e);
        }
    }

    private static SyndEntry entry(Paper paper, String baseUrl, String summaryText) {
        SyndEntry entry = new SyndEntryImpl();
        String url = baseUrl + "/papers/" + paper.id().value();
        entry.setTitle(XmlChars.strip(paper.title()));
        entry.setLink(url);
        entry.setUri(url);
        List<SyndPerson> authors = new ArrayList<>();
        for (String name : paper.authors().stream().limit(50).toList()) {
            SyndPerson person = new SyndPersonImpl();
            person.setName(XmlChars.strip(name));
            authors.add(person);
        }
        entry.setAuthors(authors);
        LocalDate published = paper.publishedOn();
        Date date = published == null ? new Date(0) : Date.from(published.atStartOfDay(ZoneOffset.UTC).toInstant());
        entry.setPublishedDate(date);
        entry.setUpdatedDate(date);
        SyndContent summary = new SyndContentImpl();
        summary.setType("text");
        summary.setValue(XmlChars.strip(Text.unwrap(summaryText)));
        entry.setDescription(summary);
        return entry;
    }

    private static SyndLink link(String href, String rel) {
        SyndLink link = new SyndLinkImpl();
        link.setHref(href);
        link.setRel(rel);
        return link;
    }
}
