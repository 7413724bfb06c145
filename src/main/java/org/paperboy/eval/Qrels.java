package org.paperboy.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Relevance judgments: for each query, the documents judged and their grade. Grades are integers as in trec_eval: a
 * grade above 0 is relevant and is the document's gain in nDCG; 0 is judged non-relevant; a negative grade is judged
 * "unjudged" (trec_eval's convention) and counts as non-relevant too.
 *
 * <p>Read from a BEIR qrels file: tab-separated {@code query-id corpus-id score} with that header line (the header is
 * optional). A TREC qrels file ({@code query-id iteration corpus-id grade}, whitespace-separated) is accepted as well.
 * Queries keep the order of their first judgment in the file; that is the order in which they are evaluated.
 */
public final class Qrels {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Map<String, Map<String, Integer>> byQuery;

    private Qrels(Map<String, Map<String, Integer>> byQuery) {
        this.byQuery = byQuery;
    }

    /** Judgments given in code (tests, other sources): query id to (document id to grade), in the order given. */
    public static Qrels of(Map<String, Map<String, Integer>> judgments) {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        judgments.forEach((query, docs) -> {
            if (query == null || query.isBlank() || docs.isEmpty()) {
                throw new IllegalArgumentException("a query needs an id and at least one judgment: " + query);
            }
            copy.put(query, Collections.unmodifiableMap(new LinkedHashMap<>(docs)));
        });
        return new Qrels(Collections.unmodifiableMap(copy));
    }

    /**
     * Reads a qrels file (plain or gzipped).
     *
     * @throws BeirDataException naming the file and line of the first bad line: a wrong number of columns, an empty id,
     *         a grade that is no integer, or the same query and document judged twice with different grades
     */
    public static Qrels load(Path file) throws IOException {
        Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        long[] dataLines = {0};
        TextLines.forEach(file, (number, line) -> {
            if (line.isBlank()) {
                return;
            }
            String[] columns = line.indexOf('\t') >= 0 ? line.split("\t", -1) : WHITESPACE.split(line.strip());
            if (dataLines[0]++ == 0 && isHeader(columns)) {
                return;
            }
            String query;
            String doc;
            String grade;
            if (columns.length == 3) {
                query = columns[0].strip();
                doc = columns[1].strip();
                grade = columns[2].strip();
            } else if (columns.length == 4) {
                query = columns[0].strip();
                doc = columns[2].strip();
                grade = columns[3].strip();
            } else {
                throw new BeirDataException(file, number, "expected 3 tab-separated columns (query-id, corpus-id, "
                        + "score) or the 4 of a TREC qrels line, found " + columns.length);
            }
            if (query.isEmpty() || doc.isEmpty()) {
                throw new BeirDataException(file, number, (query.isEmpty() ? "query" : "corpus") + " id is empty");
            }
            int value;
            try {
                value = Integer.parseInt(grade);
            } catch (NumberFormatException e) {
                throw new BeirDataException(file, number, "score '" + abbreviate(grade) + "' is not an integer");
            }
            Map<String, Integer> docs = byQuery.computeIfAbsent(query, q -> new LinkedHashMap<>());
            Integer previous = docs.putIfAbsent(doc, value);
            String key = query + '\t' + doc;
            if (previous == null) {
                lineOf.put(key, number);
            } else if (previous != value) {
                throw new BeirDataException(file, number, "query " + query + " and document " + doc + " are judged "
                        + value + " here but " + previous + " on line " + lineOf.get(key));
            }
        });
        if (byQuery.isEmpty()) {
            throw new BeirDataException(file, "no judgments in the file");
        }
        Map<String, Map<String, Integer>> frozen = new LinkedHashMap<>();
        byQuery.forEach((query, docs) -> frozen.put(query, Collections.unmodifiableMap(docs)));
        return new Qrels(Collections.unmodifiableMap(frozen));
    }

    /** The header BEIR writes, {@code query-id corpus-id score} (or a kin of it): only ever the first line. */
    private static boolean isHeader(String[] columns) {
        String first = columns[0].strip().toLowerCase(java.util.Locale.ROOT);
        String last = columns[columns.length - 1].strip();
        return (columns.length == 3 || columns.length == 4) && !last.matches("[+-]?\\d+")
                && (first.equals("query-id") || first.equals("query_id") || first.equals("qid") || first.equals("query"));
    }

    /** The queries judged, in the order of the file. */
    public List<String> queryIds() {
        return List.copyOf(byQuery.keySet());
    }

    /** Document id to grade for one query; empty for a query not judged. */
    public Map<String, Integer> judgments(String queryId) {
        return byQuery.getOrDefault(queryId, Map.of());
    }

    public int queryCount() {
        return byQuery.size();
    }

    /** Every (query, document) pair judged. */
    public int judgmentCount() {
        return byQuery.values().stream().mapToInt(Map::size).sum();
    }

    /** Pairs judged relevant (grade above 0). */
    public int relevantCount() {
        return (int) byQuery.values().stream().flatMap(m -> m.values().stream()).filter(g -> g > 0).count();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
