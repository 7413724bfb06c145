package org.paperboy.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Comments;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.Votes;

/**
 * Turns papers and feed entries into list items with their upvote and comment counts and the viewer's own votes. One instance
 * serves every page with lists, so that they share its rendered summaries.
 */
final class PaperItems {

    private final Catalog catalog;
    private final Votes votes;
    private final Comments comments;
    private final PaperSummaries summaries = new PaperSummaries();

    PaperItems(Catalog catalog, Votes votes, Comments comments) {
        this.catalog = catalog;
        this.votes = votes;
        this.comments = comments;
    }

    List<DailyItem> ofEntries(List<FeedEntry> entries, Viewer viewer) {
        Set<PaperId> upvoted = upvoted(entries.stream().map(e -> e.submission().paperId()).toList(), viewer);
        List<DailyItem> items = new ArrayList<>();
        for (FeedEntry entry : entries) {
            PaperId id = entry.submission().paperId();
            catalog.find(id).ifPresent(paper -> items.add(item(paper, entry, entry.upvotes(), upvoted.contains(id),
                    entry.comments(), null)));
        }
        return items;
    }

    List<DailyItem> ofPapers(List<Paper> papers, Viewer viewer) {
        return ofPapers(papers, p -> null, viewer);
    }

    /** A day's announced papers, each labelled with how it was announced. */
    List<DailyItem> ofListing(List<ListedPaper> listing, Viewer viewer) {
        Map<PaperId, ListedPaper> listed = new HashMap<>();
        listing.forEach(l -> listed.put(l.paper().id(), l));
        return ofPapers(listing.stream().map(ListedPaper::paper).toList(), p -> listed.get(p.id()), viewer);
    }

    private List<DailyItem> ofPapers(List<Paper> papers, Function<Paper, ListedPaper> listed, Viewer viewer) {
        List<PaperId> ids = papers.stream().map(Paper::id).toList();
        Map<PaperId, Integer> counts = votes.upvoteCounts(ids);
        Map<PaperId, Integer> commentCounts = comments.commentCounts(ids);
        Set<PaperId> upvoted = upvoted(ids, viewer);
        return papers.stream()
                .map(p -> item(p, null, counts.getOrDefault(p.id(), 0), upvoted.contains(p.id()),
                        commentCounts.getOrDefault(p.id(), 0), listed.apply(p)))
                .toList();
    }

    private DailyItem item(Paper paper, FeedEntry entry, int upvotes, boolean upvoted, int commentCount,
            ListedPaper listed) {
        PaperSummaries.Summary summary = summaries.of(paper);
        return new DailyItem(paper, summary.heading(), summary.abstractBlock(), entry, upvotes, upvoted, commentCount,
                listed);
    }

    private Set<PaperId> upvoted(List<PaperId> ids, Viewer viewer) {
        return viewer.signedIn() ? votes.upvotedAmong(viewer.user().id(), ids) : Set.of();
    }
}
