package org.paperboy.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * Known-item queries drawn from a corpus: what researchers paste or type when they look for one paper or one person,
 * each with the papers that answer it. The same papers and seed always give the same queries, so figures taken
 * before and after a change compare.
 */
public final class KnownItemQueries {

    /** What a query is; each kind has its own row in the benchmark's table. */
    public enum Kind {
        ID("id"), VERSIONED_ID("id v2"), ARXIV_PREFIX("arXiv:id"), ABS_URL("abs URL"), PDF_URL("pdf URL"),
        ARXIV_DOI("arXiv DOI"), TITLE("exact title"), AUTHOR("author name"), MISSPELLED_TITLE("misspelled title");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public record KnownItem(Kind kind, String query, Set<PaperId> relevant) {}

    /** An author with this many papers or fewer is one person, not a common name shared by many. */
    static final int MAX_AUTHOR_PAPERS = 4;

    private KnownItemQueries() {}

    /** {@code perKind} queries of each kind from {@code papers} (any order: they are sorted by id first). */
    public static List<KnownItem> generate(List<Paper> papers, long seed, int perKind) {
        List<Paper> sorted = papers.stream().sorted(Comparator.comparing(Paper::id)).toList();
        Random random = new Random(seed);
        List<KnownItem> items = new ArrayList<>();
        for (Kind kind : List.of(Kind.ID, Kind.VERSIONED_ID, Kind.ARXIV_PREFIX, Kind.ABS_URL, Kind.PDF_URL,
                Kind.ARXIV_DOI, Kind.TITLE, Kind.MISSPELLED_TITLE)) {
            for (int i = 0; i < perKind && !sorted.isEmpty(); i++) {
                Paper paper = sorted.get(random.nextInt(sorted.size()));
                items.add(new KnownItem(kind, queryFor(kind, paper, random), Set.of(paper.id())));
            }
        }
        items.addAll(authors(sorted, random, perKind));
        return items;
    }

    private static String queryFor(Kind kind, Paper paper, Random random) {
        String id = paper.id().value();
        return switch (kind) {
            case ID -> id;
            case VERSIONED_ID -> id + "v" + paper.version();
            case ARXIV_PREFIX -> "arXiv:" + id;
            case ABS_URL -> "https://arxiv.org/abs/" + id;
            case PDF_URL -> "http://arxiv.org/pdf/" + id + "v1";
            case ARXIV_DOI -> "10.48550/arXiv." + id;
            case TITLE -> paper.title();
            case MISSPELLED_TITLE -> misspelled(paper.title(), random);
            case AUTHOR -> throw new IllegalArgumentException("author queries name people, not papers");
        };
    }

    /** Authors with a two-word-or-longer name and at most {@link #MAX_AUTHOR_PAPERS} papers: relevant are theirs. */
    private static List<KnownItem> authors(List<Paper> papers, Random random, int perKind) {
        Map<String, List<PaperId>> byAuthor = new TreeMap<>();
        for (Paper paper : papers) {
            for (String author : paper.authors()) {
                byAuthor.computeIfAbsent(author, a -> new ArrayList<>()).add(paper.id());
            }
        }
        List<Map.Entry<String, List<PaperId>>> candidates = new ArrayList<>(byAuthor.entrySet().stream()
                .filter(e -> e.getValue().size() <= MAX_AUTHOR_PAPERS && e.getKey().strip().contains(" "))
                .toList());
        Map<String, Set<PaperId>> chosen = new LinkedHashMap<>();
        while (chosen.size() < Math.min(perKind, candidates.size())) {
            Map.Entry<String, List<PaperId>> author = candidates.get(random.nextInt(candidates.size()));
            chosen.putIfAbsent(author.getKey(), Set.copyOf(author.getValue()));
        }
        return chosen.entrySet().stream().map(e -> new KnownItem(Kind.AUTHOR, e.getKey(), e.getValue())).toList();
    }

    /**
     * The title's first six words with a typing slip in two of its longer words: two letters swapped, one left out,
     * or one doubled; the first letter stays, as in most typing errors.
     */
    static String misspelled(String title, Random random) {
        String[] words = title.split("\\s+");
        String[] kept = java.util.Arrays.copyOf(words, Math.min(6, words.length));
        List<Integer> slippable = new ArrayList<>();
        for (int i = 0; i < kept.length; i++) {
            if (kept[i].chars().allMatch(Character::isLetter) && kept[i].length() >= 5) {
                slippable.add(i);
            }
        }
        for (int slips = 0; slips < 2 && !slippable.isEmpty(); slips++) {
            int word = slippable.remove(random.nextInt(slippable.size()));
            kept[word] = slip(kept[word], random);
        }
        return String.join(" ", kept);
    }

    private static String slip(String word, Random random) {
        int at = 1 + random.nextInt(word.length() - 2);
        int kind = random.nextInt(3);
        // Swapping two equal letters changes nothing: that slip becomes a doubled letter.
        return switch (kind == 0 && word.charAt(at) == word.charAt(at + 1) ? 2 : kind) {
            case 0 -> word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
            case 1 -> word.substring(0, at) + word.substring(at + 1);
            default -> word.substring(0, at) + word.charAt(at) + word.substring(at);
        };
    }
}
