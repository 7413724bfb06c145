package org.paperboy.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.paperboy.search.SearchMode;

/**
 * Runs every judged query through a {@link Retriever} and scores the rankings: nDCG@10, Recall@100 and MRR@10 (see
 * {@link RetrievalMetrics} for their exact definitions), per query and as means over the queries.
 *
 * <p>The queries evaluated are exactly those in the qrels, in the qrels' order; each must have a text in the queries
 * file. Every query counts in the means, so a query for which the retriever returns nothing scores 0. The retriever
 * is asked for the top {@value #DEPTH} documents once per query and mode (a longer answer is cut at {@value #DEPTH},
 * then repeated documents are dropped); the time it takes (query embedding included, when the retriever embeds) is
 * what the {@code ms/query} column reports as a median.
 */
public final class Evaluation {

    public static final int NDCG_CUTOFF = 10;
    public static final int RECALL_CUTOFF = 100;
    public static final int MRR_CUTOFF = 10;
    /** How many documents are retrieved per query: the deepest cutoff. */
    public static final int DEPTH = Math.max(RECALL_CUTOFF, Math.max(NDCG_CUTOFF, MRR_CUTOFF));

    /** One query's scores under one mode, and the ranking scored (at most {@value #DEPTH} distinct ids). */
    public record QueryScore(String queryId, double ndcg, double recall, double mrr, int retrieved, double millis,
                             List<String> ranking) {}

    /** A mode's mean scores over {@code queries} queries and the median time a query took, with per-query detail. */
    public record ModeResult(SearchMode mode, double ndcg, double recall, double mrr, int queries, double medianMillis,
                             List<QueryScore> perQuery) {}

    private final BeirQueries queries;
    private final Qrels qrels;
    private final LongSupplier nanoClock;

    /**
     * @throws IllegalArgumentException if the qrels judge a query that the queries file lacks: it could not be asked,
     *         and leaving it out would silently change the means
     */
    public Evaluation(BeirQueries queries, Qrels qrels) {
        this(queries, qrels, System::nanoTime);
    }

    Evaluation(BeirQueries queries, Qrels qrels, LongSupplier nanoClock) {
        List<String> missing = qrels.queryIds().stream().filter(id -> queries.text(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " judged " + (missing.size() == 1 ? "query is" : "queries are")
                    + " not in the queries file: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : ""));
        }
        this.queries = queries;
        this.qrels = qrels;
        this.nanoClock = nanoClock;
    }

    /** How many queries each mode is evaluated on. */
    public int queryCount() {
        return qrels.queryCount();
    }

    public List<ModeResult> run(Retriever retriever, List<SearchMode> modes) {
        List<ModeResult> results = new ArrayList<>();
        for (SearchMode mode : modes) {
            results.add(run(retriever, mode));
        }
        return results;
    }

    public ModeResult run(Retriever retriever, SearchMode mode) {
        List<QueryScore> scores = new ArrayList<>(qrels.queryCount());
        for (String queryId : qrels.queryIds()) {
            String text = queries.text(queryId).orElseThrow();
            long start = nanoClock.getAsLong();
            List<String> ranking;
            try {
                ranking = retriever.retrieve(text, mode, DEPTH);
            } catch (RuntimeException e) {
                throw new IllegalStateException("retrieval failed for query " + queryId + " (" + mode.label() + "): "
                        + e.getMessage(), e);
            }
            double millis = (nanoClock.getAsLong() - start) / 1e6;
            if (ranking == null) {
                throw new IllegalStateException("the retriever returned null for query " + queryId);
            }
            if (ranking.size() > DEPTH) {
                ranking = ranking.subList(0, DEPTH);
            }
            ranking = RetrievalMetrics.distinct(ranking);
            Map<String, Integer> judged = qrels.judgments(queryId);
            scores.add(new QueryScore(queryId,
                    RetrievalMetrics.ndcg(ranking, judged, NDCG_CUTOFF),
                    RetrievalMetrics.recall(ranking, judged, RECALL_CUTOFF),
                    RetrievalMetrics.reciprocalRank(ranking, judged, MRR_CUTOFF),
                    ranking.size(), millis, List.copyOf(ranking)));
        }
        return new ModeResult(mode,
                RetrievalMetrics.mean(scores.stream().map(QueryScore::ndcg).toList()),
                RetrievalMetrics.mean(scores.stream().map(QueryScore::recall).toList()),
                RetrievalMetrics.mean(scores.stream().map(QueryScore::mrr).toList()),
                scores.size(),
                median(scores.stream().mapToDouble(QueryScore::millis).toArray()),
                List.copyOf(scores));
    }

    /** The middle value (the mean of the two middle ones for an even count); 0 for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static final String[] HEADER = {"mode", "nDCG@" + NDCG_CUTOFF, "Recall@" + RECALL_CUTOFF,
            "MRR@" + MRR_CUTOFF, "queries", "ms/query (median)"};

    /**
     * The results as a Markdown table, columns padded so that it reads as well in a terminal as in a document:
     *
     * <pre>
     * | mode    | nDCG@10 | Recall@100 | MRR@10 | queries | ms/query (median) |
     * |---------|--------:|-----------:|-------:|--------:|------------------:|
     * | keyword |  0.6650 |     0.9000 | 0.6300 |     809 |              1.25 |
     * </pre>
     *
     * Scores have four decimals; the median time two.
     */
    public static String table(List<ModeResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ModeResult r : results) {
            rows.add(new String[] {r.mode().label(), format4(r.ndcg()), format4(r.recall()), format4(r.mrr()),
                    Integer.toString(r.queries()), String.format(Locale.ROOT, "%.2f", r.medianMillis())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            appendRow(out, rows.get(i), widths);
            if (i == 0) {
                out.append('|');
                for (int c = 0; c < widths.length; c++) {
                    // The mode column is text, left-aligned; the rest are numbers, right-aligned.
                    out.append('-').append("-".repeat(widths[c])).append(c == 0 ? "-|" : ":|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Per-query scores as tab-separated lines with a header: mode, query id, the three scores, documents, ms. */
    public static String perQueryTsv(List<ModeResult> results) {
        StringBuilder out = new StringBuilder("mode\tquery-id\tndcg@" + NDCG_CUTOFF + "\trecall@" + RECALL_CUTOFF
                + "\tmrr@" + MRR_CUTOFF + "\tretrieved\tms\n");
        for (ModeResult r : results) {
            for (QueryScore q : r.perQuery()) {
                out.append(r.mode().label()).append('\t').append(q.queryId()).append('\t')
                        .append(format4(q.ndcg())).append('\t').append(format4(q.recall())).append('\t')
                        .append(format4(q.mrr())).append('\t').append(q.retrieved()).append('\t')
                        .append(String.format(Locale.ROOT, "%.3f", q.millis())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * One mode's rankings as a TREC run ({@code query-id Q0 doc-id rank score tag}), for checking the numbers with
     * trec_eval or pytrec_eval: {@code trec_eval -m ndcg_cut.10 -m recall.100 qrels run} (trec_eval wants the qrels
     * without BEIR's header and with an iteration column, {@code query-id 0 corpus-id score}). Scores fall with the
     * rank ({@value #DEPTH} + 1 - rank), so every tool reads the ranking as it was, ties included.
     */
    public static String trecRun(ModeResult result) {
        StringBuilder out = new StringBuilder();
        String tag = "paperboy-" + result.mode().label();
        for (QueryScore q : result.perQuery()) {
            for (int i = 0; i < q.ranking().size(); i++) {
                out.append(q.queryId()).append(" Q0 ").append(q.ranking().get(i)).append(' ').append(i + 1).append(' ')
                        .append(DEPTH - i).append(' ').append(tag).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        out.append('|');
        for (int c = 0; c < row.length; c++) {
            String cell = row[c];
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
        }
        out.append('\n');
    }

    private static String format4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
