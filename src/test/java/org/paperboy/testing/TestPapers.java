package org.paperboy.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** Papers for tests: a small valid one, one with every field set, and numbered synthetic ones for bulk tests. */
public final class TestPapers {

    private TestPapers() {}

    public static PaperId id(String arxivId) {
        return PaperId.parseArxiv(arxivId).id();
    }

    /** A valid paper with only the usual fields set. */
    public static Paper paper(String arxivId) {
        return paper(arxivId, 1, "A study of " + arxivId);
    }

    public static Paper paper(String arxivId, int version, String title) {
        return new Paper(id(arxivId), version, title, "We study " + arxivId + " in depth.", List.of("Ada Lovelace"),
                List.of("cs.CL"), null, null, null, null, null, null, null);
    }

    /** Every field set, including non-ASCII text, two versions' dates and an announcement day. */
    public static Paper full(String arxivId, int version) {
        return new Paper(id(arxivId), version,
                "Schrödinger bridges for “hard” problems: a survey",
                "First paragraph of the abstract,\nhard-wrapped as arXiv does.\n\nSecond paragraph: 10% ≤ x ≤ 20%.",
                List.of("Zoë Çelik", "Jürgen Müller", "李 小龍"),
                List.of("cs.LG", "stat.ML", "math.OC"),
                "12 pages, 3 figures; v" + version + " fixes a typo",
                "J. Mach. Learn. Res. 26 (2025) 1-12",
                "10.1234/jmlr.2025." + version,
                "http://creativecommons.org/licenses/by/4.0/",
                Instant.parse("2025-03-14T17:59:59.123Z"),
                Instant.parse("2025-03-20T08:00:00Z").plusSeconds(86_400L * version),
                LocalDate.of(2025, 3, 18));
    }

    /** The arXiv id of synthetic paper {@code n} (0 to 999,999): 2501.00000, 2501.00001, ... */
    public static String syntheticId(int n) {
        return String.format("25%02d.%05d", 1 + n / 100_000, n % 100_000);
    }

    /** Paper {@code n} of a deterministic synthetic collection, for bulk and crash tests. */
    public static Paper synthetic(int n) {
        return new Paper(id(syntheticId(n)), 1 + n % 3,
                "Synthetic paper number " + n,
                ("Abstract of synthetic paper " + n + ". ").repeat(8).strip(),
                List.of("Author " + n, "Second Author " + (n % 97)),
                List.of(n % 2 == 0 ? "cs.CL" : "cs.CV", "cs.AI"),
                n % 5 == 0 ? "comment " + n : null,
                null, null, null,
                Instant.ofEpochSecond(1_735_689_600L + n * 60L),
                null,
                LocalDate.of(2025, 1, 1).plusDays(n % 365));
    }
}
