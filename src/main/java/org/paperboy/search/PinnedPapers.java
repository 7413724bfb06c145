package org.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * The papers a query names outright, which come before everything ranking finds: the paper of a pasted identifier,
 * the papers of the person whose name the query is (newest first), the paper whose title the query is. The ranking
 * methods cannot be relied on for them: an identifier is in no text, a name means nothing to the embedding model, and
 * semantic search ranks a paper whose abstract is about the title's subject above the paper with that title.
 */
final class PinnedPapers {

    private final Analyzer analyzer;

    PinnedPapers(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** Pinned documents, passing {@code filter}, and what the query was read as. */
    record Pins(List<ScoreDoc> docs, QueryReading reading) {
        static final Pins NONE = new Pins(List.of(), QueryReading.LITERAL);

        /** These documents first, then the ranked ones that are not among them, {@code wanted} at most. */
        Ranker.Ranked inFrontOf(Ranker.Ranked ranked, int wanted) {
            if (docs.isEmpty()) {
                return ranked;
            }
            // Pinned papers rank at least as high as the best ranked one, so scores still fall down the list.
            float top = ranked.docs().isEmpty() ? 1f : ranked.docs().getFirst().score;
            List<ScoreDoc> merged = new ArrayList<>();
            Set<Integer> pinned = new HashSet<>();
            for (ScoreDoc doc : docs) {
                merged.add(new ScoreDoc(doc.doc, Math.max(top, Float.isNaN(doc.score) ? 0 : doc.score)));
                pinned.add(doc.doc);
            }
            long unseen = docs.size();
            for (ScoreDoc doc : ranked.docs()) {
                if (pinned.contains(doc.doc)) {
                    unseen--;
                } else {
                    merged.add(doc);
                }
            }
            return new Ranker.Ranked(List.copyOf(merged.subList(0, Math.min(wanted, merged.size()))),
                    ranked.total() + unseen);
        }
    }

    Pins find(IndexSearcher searcher, String text, UserQuery query, Query filter, int wanted) throws IOException {
        Optional<PastedIdentifier> pasted = PastedIdentifier.of(text);
        if (pasted.isPresent()) {
            List<ScoreDoc> docs = List.of(searcher.search(filtered(pasted.get().query(), filter), wanted).scoreDocs);
            boolean found = searcher.count(pasted.get().query()) > 0;
            return new Pins(docs, new QueryReading(pasted.get(), found, null, null));
        }
        Optional<AuthorNameMatch> author = AuthorNameMatch.find(searcher, analyzer, query);
        if (author.isPresent()) {
            List<ScoreDoc> docs = List.of(searcher.search(filtered(author.get().query(), filter), wanted,
                    newestFirst()).scoreDocs);
            return new Pins(docs, new QueryReading(null, false, author.get().name(), null));
        }
        List<ScoreDoc> titled = ExactTitle.papers(searcher, analyzer, query, filter);
        return titled.isEmpty() ? Pins.NONE : new Pins(titled, QueryReading.LITERAL);
    }

    private static Query filtered(Query query, Query filter) {
        return new BooleanQuery.Builder().add(query, Occur.MUST).add(filter, Occur.FILTER).build();
    }

    private static Sort newestFirst() {
        SortField published = new SortField(IndexDocuments.PUBLISHED, SortField.Type.LONG, true);
        published.setMissingValue(Long.MIN_VALUE);
        return new Sort(published, SortField.FIELD_DOC);
    }
}
