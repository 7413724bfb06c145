import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;

/**
 * The CPU time of a search's parts in one thread, without HTTP and without the embedding model, on a copy of the demo
 * server's index (bench/search-profile.sh leaves one with INDEX_COPY=DIR): spelling correction, the acronym expansion
 * of the semantic query, the hybrid search (BM25, HNSW, fusion, pinned papers, snippets) and a keyword search, per
 * query. A query's vector is a paper's stored vector (the embedding's cost is not measured here). Four rounds over the
 * list, alternately its first and its second half, each query seen once per half: the later rounds are the JIT-compiled
 * steady state.
 *   java --add-modules jdk.incubator.vector -cp target/paperboy.jar bench/SearchCpu.java INDEX_COPY QUERIES N CORPUS
 * CORPUS is the demo's papers (demo/arxiv-cs-10k.jsonl.gz), for their ids; N queries per round.
 */
public class SearchCpu {

    private static final Pattern ID = Pattern.compile("\"id\":\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: SearchCpu.java INDEX_COPY QUERIES N CORPUS");
            System.exit(2);
        }
        List<String> queries = Files.readAllLines(Path.of(args[1])).stream().filter(q -> !q.isBlank()).toList();
        int n = Integer.parseInt(args[2]);
        List<PaperId> ids = paperIds(Path.of(args[3]));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (LuceneSearchIndex index = LuceneSearchIndex.open(Path.of(args[0]))) {
            System.out.printf("%d segments, %s%n", index.segmentCount(), index.stats());
            Random random = new Random(1);
            float[][] vectors = new float[200][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = index.vectorOf(ids.get(random.nextInt(ids.size()))).orElseThrow();
            }
            for (int round = 0; round < 4; round++) {
                long[] spent = new long[4];
                for (int i = 0; i < n; i++) {
                    String q = queries.get(((round % 2) * n + i) % queries.size());
                    long t0 = cpu.getCurrentThreadCpuTime();
                    index.correctSpelling(q);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    index.semanticQuery(q);
                    long t2 = cpu.getCurrentThreadCpuTime();
                    index.search(SearchRequest.of(q, SearchMode.HYBRID, 20), vectors[i % vectors.length]);
                    long t3 = cpu.getCurrentThreadCpuTime();
                    index.search(SearchRequest.of(q, SearchMode.KEYWORD, 20), null);
                    long t4 = cpu.getCurrentThreadCpuTime();
                    spent[0] += t1 - t0;
                    spent[1] += t2 - t1;
                    spent[2] += t3 - t2;
                    spent[3] += t4 - t3;
                }
                System.out.printf("round %d: spelling %.3f  acronyms %.3f  hybrid search without embedding %.3f  "
                        + "keyword search %.3f  (ms of CPU a query)%n", round, spent[0] / 1e6 / n, spent[1] / 1e6 / n,
                        spent[2] / 1e6 / n, spent[3] / 1e6 / n);
            }
        }
    }

    private static List<PaperId> paperIds(Path corpus) throws IOException {
        List<PaperId> ids = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new FileInputStream(corpus.toFile())), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher id = ID.matcher(line);
                if (id.find()) {
                    ids.add(new PaperId(id.group(1)));
                }
            }
        }
        return ids;
    }
}
