package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperboy.testing.TestPapers;

class PaperTest {

    private static final PaperId ID = new PaperId("2503.11731");

    private static Paper paper(String title, String abstractText, List<String> authors, List<String> categories) {
        return new Paper(ID, 1, title, abstractText, authors, categories, null, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t "})
    void aTitleIsRequired(String title) {
        assertThatThrownBy(() -> paper(title, "abstract", List.of(), List.of()))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("title is missing");
        assertThatThrownBy(() -> paper(null, "abstract", List.of(), List.of()))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("title is missing");
    }

    @Test
    void anIdIsRequired() {
        assertThatThrownBy(() -> new Paper(null, 1, "t", "", List.of(), List.of(), null, null, null, null, null, null, null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("id is missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_000})
    void versionMustBeInRange(int version) {
        assertThatThrownBy(() -> new Paper(ID, version, "t", "", List.of(), List.of(), null, null, null, null, null, null, null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("version " + version + " is out of range");
    }

    @Test
    void refusesAFiveMegabyteAbstractWithItsSizeInTheMessage() {
        String abstractText = "a".repeat(5_000_000);

        assertThatThrownBy(() -> paper("Title", abstractText, List.of(), List.of()))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("abstract too long (5,000,000 characters, limit 20,000)");
    }

    @Test
    void fieldsAtTheirLimitAreAccepted() {
        Paper paper = new Paper(ID, 9999, "t".repeat(Paper.MAX_TITLE), "a".repeat(Paper.MAX_ABSTRACT),
                Collections.nCopies(Paper.MAX_AUTHORS, "n".repeat(Paper.MAX_AUTHOR_NAME)),
                categories(Paper.MAX_CATEGORIES), "c".repeat(Paper.MAX_NOTE), null, null, null, null, null, null);

        assertThat(paper.title()).hasSize(Paper.MAX_TITLE);
        assertThat(paper.authors()).hasSize(Paper.MAX_AUTHORS);
        assertThat(paper.categories()).hasSize(Paper.MAX_CATEGORIES);
    }

    @Test
    void refusesFieldsOverTheirLimits() {
        assertThatThrownBy(() -> paper("t".repeat(1_001), "", List.of(), List.of()))
                .hasMessage("title too long (1,001 characters, limit 1,000)");
        assertThatThrownBy(() -> paper("t", "", List.of("n".repeat(301)), List.of()))
                .hasMessage("author name too long (301 characters, limit 300)");
        assertThatThrownBy(() -> paper("t", "", Collections.nCopies(5_001, "A. Author"), List.of()))
                .hasMessage("too many authors (5001, limit 5000)");
        assertThatThrownBy(() -> paper("t", "", List.of(), categories(21)))
                .hasMessage("too many categories (21)");
        assertThatThrownBy(() -> new Paper(ID, 1, "t", "", List.of(), List.of(), "c".repeat(2_001), null, null, null,
                null, null, null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("comments too long (2,001 characters, limit 2,000)");
        assertThatThrownBy(() -> new Paper(ID, 1, "t", "", List.of(), List.of(), null, null, "1".repeat(2_001), null,
                null, null, null))
                .hasMessage("DOI too long (2,001 characters, limit 2,000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"68T50", "I.2.7", "CS.CL", "cs.", "cs CL", "", "cs.CL;DROP"})
    void refusesWhatIsNoArxivCategory(String category) {
        assertThat(Paper.isArxivCategory(category)).isFalse();
        assertThatThrownBy(() -> paper("t", "", List.of(), List.of("cs.CL", category)))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("invalid category '" + category + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cs.CL", "hep-th", "cond-mat.mes-hall", "math.GT", "q-bio.NC", "astro-ph", "physics.flu-dyn"})
    void acceptsArxivCategories(String category) {
        assertThat(Paper.isArxivCategory(category)).isTrue();
        assertThat(paper("t", "", List.of(), List.of(category)).primaryCategory()).isEqualTo(category);
    }

    @Test
    void normalizesWhitespaceAsAReaderSeesIt() {
        Paper paper = new Paper(ID, 1,
                "  Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies\t",
                "\n  First line of the abstract\n  second line.\n\n",
                List.of("  C.  Balázs ", "E. L.\nBerger", "   ", ""),
                List.of("hep-ph", "hep-th", "hep-ph"),
                "  37 pages,\n 15 figures  ", "   ", "", "\t", null, null, null);

        assertThat(paper.title()).isEqualTo("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
        assertThat(paper.abstractText()).isEqualTo("First line of the abstract\n  second line.");
        assertThat(paper.authors()).containsExactly("C. Balázs", "E. L. Berger");
        assertThat(paper.categories()).containsExactly("hep-ph", "hep-th");
        assertThat(paper.comments()).isEqualTo("37 pages, 15 figures");
        assertThat(paper.journalRef()).isNull();
        assertThat(paper.doi()).isNull();
        assertThat(paper.license()).isNull();
    }

    @Test
    void missingListsAndAbstractBecomeEmpty() {
        Paper paper = paper("Title", null, null, null);

        assertThat(paper.abstractText()).isEmpty();
        assertThat(paper.authors()).isEmpty();
        assertThat(paper.categories()).isEmpty();
        assertThat(paper.primaryCategory()).isNull();
        assertThat(paper.publishedOn()).isNull();
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> authors = new ArrayList<>(List.of("A. One"));
        Paper paper = paper("Title", "", authors, List.of("cs.CL"));
        authors.add("B. Two");

        assertThat(paper.authors()).containsExactly("A. One");
        assertThatThrownBy(() -> paper.authors().add("C. Three")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void publishedOnIsTheFirstSubmissionElseTheAnnouncement() {
        Paper submitted = new Paper(ID, 2, "t", "", List.of(), List.of(), null, null, null, null,
                Instant.parse("2025-03-14T23:59:59Z"), Instant.parse("2025-04-01T10:00:00Z"), LocalDate.of(2025, 3, 18));
        Paper announcedOnly = new Paper(ID, 1, "t", "", List.of(), List.of(), null, null, null, null,
                null, null, LocalDate.of(2025, 3, 18));

        assertThat(submitted.publishedOn()).isEqualTo(LocalDate.of(2025, 3, 14));
        assertThat(announcedOnly.publishedOn()).isEqualTo(LocalDate.of(2025, 3, 18));
    }

    @Test
    void refusesInstantsTheCatalogCannotStore() {
        Instant farFuture = Instant.parse("+300000000-01-01T00:00:00Z");
        Instant farPast = Instant.parse("-300000000-01-01T00:00:00Z");

        assertThatThrownBy(() -> new Paper(ID, 1, "t", "", List.of(), List.of(), null, null, null, null, farFuture, null, null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("submission time +300000000-01-01T00:00:00Z is out of range");
        assertThatThrownBy(() -> new Paper(ID, 1, "t", "", List.of(), List.of(), null, null, null, null, null, farPast, null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("update time -300000000-01-01T00:00:00Z is out of range");
        Instant latest = Instant.ofEpochMilli(Long.MAX_VALUE);
        assertThat(new Paper(ID, 1, "t", "", List.of(), List.of(), null, null, null, null, latest, latest, null).submittedAt())
                .isEqualTo(latest);
    }

    @Test
    void dropsTheCharactersXmlForbidsFromEveryText() {
        // NUL, BEL, the non-character U+FFFE and a lone high surrogate; a pair (an emoji) is one allowed character.
        String dirty = "\u0000\u0007\uFFFE\uD800";
        Paper paper = new Paper(ID, 1, "Bell " + dirty + " rings \uD83D\uDD14", dirty + "Abstract" + dirty,
                List.of("Ada" + dirty + " Lovelace", dirty), List.of(), "12" + dirty + " pages", "J." + dirty,
                "10.1234/" + dirty + "x", "CC" + dirty, null, null, null);

        assertThat(paper.title()).isEqualTo("Bell rings \uD83D\uDD14");
        assertThat(paper.abstractText()).isEqualTo("Abstract");
        assertThat(paper.authors()).containsExactly("Ada Lovelace");
        assertThat(paper.comments()).isEqualTo("12 pages");
        assertThat(paper.journalRef()).isEqualTo("J.");
        assertThat(paper.doi()).isEqualTo("10.1234/x");
        assertThat(paper.license()).isEqualTo("CC");
        assertThatThrownBy(() -> paper(dirty, "", List.of(), List.of())).hasMessage("title is missing");
        assertThat(XmlChars.strip("tab\tline\nreturn\r \uD7FF\uE000\uFFFD")).isEqualTo("tab\tline\nreturn\r \uD7FF\uE000\uFFFD");
    }

    @Test
    void datesAfterTomorrowOrBeforeArxivAreImplausible() {
        Instant now = Instant.parse("2025-03-20T23:00:00Z");
        PaperId oldStyle = new PaperId("hep-th/9108001");
        PaperId other = PaperId.namespaced("scifact", "4983");

        assertThatThrownBy(() -> dated(ID, null, null, LocalDate.of(9999, 12, 31)).requirePlausibleDates(now))
                .isInstanceOf(InvalidPaperException.class).hasMessage("announcement day 9999-12-31 is in the future");
        assertThatThrownBy(() -> dated(ID, now.plus(Duration.ofDays(3)), null, null).requirePlausibleDates(now))
                .hasMessage("submission time 2025-03-23T23:00:00Z is in the future");
        assertThatThrownBy(() -> dated(ID, null, Instant.parse("2030-01-01T00:00:00Z"), null).requirePlausibleDates(now))
                .hasMessage("update time 2030-01-01T00:00:00Z is in the future");
        assertThatThrownBy(() -> dated(oldStyle, Instant.parse("1990-12-31T23:59:59Z"), null, null).requirePlausibleDates(now))
                .hasMessage("submission time 1990-12-31T23:59:59Z is before arXiv began (1991)");
        assertThatThrownBy(() -> dated(ID, null, null, LocalDate.of(1970, 1, 1)).requirePlausibleDates(now))
                .hasMessage("announcement day 1970-01-01 is before arXiv began (1991)");

        // within the margin, arXiv's first days, and old papers of other collections are all fine
        dated(ID, now.plus(Paper.FUTURE_MARGIN), now.plus(Paper.FUTURE_MARGIN), LocalDate.of(2025, 3, 22)).requirePlausibleDates(now);
        dated(oldStyle, Instant.parse("1991-08-14T00:00:00Z"), null, LocalDate.of(1991, 8, 15)).requirePlausibleDates(now);
        dated(other, Instant.parse("1953-04-25T00:00:00Z"), null, null).requirePlausibleDates(now);
    }

    private static Paper dated(PaperId id, Instant submitted, Instant updated, LocalDate announced) {
        return new Paper(id, 1, "t", "", List.of(), List.of(), null, null, null, null, submitted, updated, announced);
    }

    @Test
    void withVersionKeepsEverythingElse() {
        Paper v1 = TestPapers.full("2503.11731", 1);
        Paper v2 = v1.withVersion(2);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2).usingRecursiveComparison().ignoringFields("version").isEqualTo(v1);
    }

    @Test
    void withAnnouncedKeepsEverythingElse() {
        Paper paper = TestPapers.full("2503.11731", 2);
        Paper moved = paper.withAnnounced(LocalDate.of(2025, 3, 25));

        assertThat(moved.announced()).isEqualTo(LocalDate.of(2025, 3, 25));
        assertThat(moved).usingRecursiveComparison().ignoringFields("announced").isEqualTo(paper);
    }

    @ParameterizedTest
    @ValueSource(strings = {"This paper has been withdrawn by the authors.", "Withdrawn by arXiv administrators",
            "v3: paper WITHDRAWN due to a crucial error in Lemma 2"})
    void commentsThatSayWithdrawnMakeAWithdrawnPaper(String comments) {
        assertThat(new Paper(ID, 3, "t", "", List.of(), List.of(), comments, null, null, null, null, null, null)
                .withdrawn()).isTrue();
    }

    @Test
    void otherPapersAreNotWithdrawn() {
        assertThat(paper("t", "This paper has been withdrawn.", List.of(), List.of()).withdrawn())
                .as("only the comments say so, as arXiv writes it").isFalse();
        assertThat(TestPapers.full("2503.11731", 2).withdrawn()).isFalse();
    }

    private static List<String> categories(int count) {
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            categories.add("cs." + (char) ('A' + i / 26) + (char) ('A' + i % 26));
        }
        return categories;
    }
}
