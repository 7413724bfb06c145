package org.paperboy.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.paperboy.storage.Database;

/**
 * arXiv's categories: their names (from arXiv's taxonomy, the resource {@value #TAXONOMY}) and which of them the
 * catalog's papers are in, with how many papers each.
 *
 * <p>Freshness: the categories present are counted from the store when first asked, and again in the background when
 * asked more than {@link #REFRESH} after the last count (the answer meanwhile is the last count). So a category that
 * first arrives with an import shows in the choices within {@link #REFRESH}; no request waits for a count but the
 * very first. Filtering by a category never depends on this list: it only offers choices and suggestions. Owner:
 * the web server of this process. The rule is the same whichever node imported the papers: on several nodes each
 * counts for itself, within {@link #REFRESH} of the import (a count reads every paper, too dear to repeat on every
 * commit a cluster announces).
 */
public final class Categories {

    static final String TAXONOMY = "arxiv-categories.tsv";
    static final Duration REFRESH = Duration.ofMinutes(10);

    /** A category code, its name (the code itself when the taxonomy lacks it), and the catalog's papers in it. */
    public record Category(String code, String name, long papers) {
        /** "cs.RO Robotics" */
        public String label() {
            return name.equals(code) ? code : code + " " + name;
        }
    }

    private static final Map<String, String> NAMES = readTaxonomy();
    private static final Map<String, String> BY_LOWER_CODE = lowerCodes();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final Database database;
    private final LoadingCache<Boolean, List<Category>> present;

    public Categories(Database database) {
        this(database, Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** @param ticker the time the freshness rule goes by; @param refreshes where a background count runs */
    Categories(Database database, Ticker ticker, Executor refreshes) {
        this.database = database;
        this.present = Caffeine.newBuilder().refreshAfterWrite(REFRESH).ticker(ticker).executor(refreshes)
                .build(key -> count());
    }

    /** The category with this code (in any case), if arXiv's taxonomy has it or the catalog's papers are in it. */
    public Optional<Category> find(String code) {
        String canonical = BY_LOWER_CODE.get(code.toLowerCase(Locale.ROOT));
        if (canonical != null) {
            return Optional.of(new Category(canonical, NAMES.get(canonical), papersIn(canonical)));
        }
        return present().stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /** The name of a code, or the code itself when the taxonomy lacks it. */
    public static String name(String code) {
        return NAMES.getOrDefault(code, code);
    }

    /**
     * The arXiv categories the catalog's papers are in, most papers first; a code the taxonomy lacks (an old archive)
     * is named by itself.
     */
    public List<Category> present() {
        return present.get(Boolean.TRUE);
    }

    /**
     * What someone who typed {@code asked} (a word such as "robotics", or a misspelt code) may have meant: categories
     * whose name contains it, else whose code starts like it; those with papers first.
     */
    public List<Category> suggestions(String asked, int max) {
        String wanted = asked.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Category> byName = matching(c -> c.name().toLowerCase(Locale.ROOT).contains(wanted));
        if (!byName.isEmpty()) {
            return byName.stream().limit(max).toList();
        }
        String archive = wanted.contains(".") ? wanted.substring(0, wanted.indexOf('.') + 1) : wanted;
        return matching(c -> c.code().toLowerCase(Locale.ROOT).startsWith(archive)).stream().limit(max).toList();
    }

    private List<Category> matching(java.util.function.Predicate<Category> test) {
        return NAMES.keySet().stream().map(code -> new Category(code, NAMES.get(code), papersIn(code))).filter(test)
                .sorted(Comparator.comparingLong(Category::papers).reversed().thenComparing(Category::code)).toList();
    }

    private long papersIn(String code) {
        return present().stream().filter(c -> c.code().equals(code)).mapToLong(Category::papers).findFirst().orElse(0);
    }

    /** Counts over the distinct category lists, far fewer than the papers, so the store does most of the work. */
    private List<Category> count() {
        Map<String, Long> counts = new HashMap<>();
        database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT categories, COUNT(*) FROM papers GROUP BY categories");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    for (String code : parse(rs.getString(1))) {
                        if (Paper.isArxivCategory(code)) {
                            counts.merge(code, rs.getLong(2), Long::sum);
                        }
                    }
                }
            }
            return null;
        });
        return counts.entrySet().stream().map(e -> new Category(e.getKey(), name(e.getKey()), e.getValue()))
                .sorted(Comparator.comparingLong(Category::papers).reversed().thenComparing(Category::code)).toList();
    }

    private static List<String> parse(String json) {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON list in the catalog: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> readTaxonomy() {
        Map<String, String> names = new LinkedHashMap<>();
        try (InputStream in = Categories.class.getResourceAsStream(TAXONOMY)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + TAXONOMY + " is missing");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    names.put(parts[0].strip(), parts[1].strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(names);
    }

    private static Map<String, String> lowerCodes() {
        Map<String, String> lower = new HashMap<>();
        NAMES.keySet().forEach(code -> lower.put(code.toLowerCase(Locale.ROOT), code));
        return Map.copyOf(lower);
    }
}
