package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PaperIdTest {

    @ParameterizedTest(name = "{0} -> {1} v{2}")
    @CsvSource({
            // new style: four digits from April 2007 to December 2014, five from January 2015
            "0704.0001,                                0704.0001,      0",
            "1412.9999,                                1412.9999,      0",
            "1501.00001,                               1501.00001,     0",
            "2503.11731,                               2503.11731,     0",
            "2503.11731v2,                             2503.11731,     2",
            "2503.11731v1234,                          2503.11731,     1234",
            "'  2503.11731  ',                         2503.11731,     0",
            "arXiv:2503.11731,                         2503.11731,     0",
            "ARXIV:2503.11731v3,                       2503.11731,     3",
            "https://arxiv.org/abs/2503.11731v2,       2503.11731,     2",
            "http://arxiv.org/abs/2503.11731,          2503.11731,     0",
            "https://www.arxiv.org/abs/0704.0001,      0704.0001,      0",
            "https://export.arxiv.org/abs/2503.11731,  2503.11731,     0",
            "arxiv.org/abs/2503.11731,                 2503.11731,     0",
            "https://arxiv.org/pdf/2503.11731v1,       2503.11731,     1",
            "https://arxiv.org/pdf/2503.11731v1.pdf,   2503.11731,     1",
            "https://arxiv.org/html/2503.11731v4,      2503.11731,     4",
            "HTTPS://ARXIV.ORG/ABS/2503.11731,         2503.11731,     0",
            // old style: archive(.SUBJECT)/YYMMNNN; the subject class is not part of the id
            "hep-th/9504118,                           hep-th/9504118, 0",
            "hep-th/9504118v3,                         hep-th/9504118, 3",
            "cond-mat/0001001,                         cond-mat/0001001, 0",
            "math.GT/0309136,                          math/0309136,   0",
            "math.GT/0309136v2,                        math/0309136,   2",
            "arXiv:math.GT/0309136,                    math/0309136,   0",
            "https://arxiv.org/abs/hep-th/9504118v1,   hep-th/9504118, 1",
            "https://arxiv.org/pdf/math.GT/0309136.pdf, math/0309136,  0",
    })
    void parsesArxivIdsAsPeopleWriteThem(String text, String canonical, int version) {
        PaperId.Versioned parsed = PaperId.parseArxiv(text);

        assertThat(parsed.id().value()).isEqualTo(canonical);
        assertThat(parsed.version()).isEqualTo(version);
        assertThat(parsed.id().isArxiv()).isTrue();
        assertThat(PaperId.tryParse(text)).contains(new PaperId(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2513.00001",        // month 13
            "2500.00001",        // month 0
            "1412.12345",        // five digits before 2015
            "1501.1234",         // four digits from 2015
            "0703.0001",         // new-style ids start in April 2007
            "2503.117",          // too few digits
            "2503.117311",       // too many digits
            "2503.11731v",       // version without number
            "2503.11731v12345",  // absurd version
            "25031.1731",
            "hep-th/9513118",    // old style, month 13
            "hep-th/950411",     // old style, six digits
            "HEP-TH/9504118",    // archives are lower case
            "math.gt/0309136",   // subject classes are upper case
            "https://example.org/abs/2503.11731",
            "arXiv:",
            "hello world",
            "2503.11731; DROP TABLE papers",
            "   ",
    })
    void rejectsWhatIsNoArxivId(String text) {
        assertThat(PaperId.tryParseArxiv(text)).isEmpty();
        assertThatThrownBy(() -> PaperId.parseArxiv(text))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageStartingWith("invalid arXiv id '")
                .hasMessageContaining("expected e.g. 2503.11731 or hep-th/9504118");
    }

    @Test
    void rejectsNull() {
        assertThat(PaperId.tryParseArxiv(null)).isEmpty();
        assertThat(PaperId.tryParse(null)).isEmpty();
        assertThatThrownBy(() -> PaperId.parseArxiv(null))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageContaining("'null'");
    }

    @Test
    void rejectsHugeInputQuicklyAndQuotesOnlyItsStart() {
        String tenKilobytes = "2503.11731" + "1".repeat(10_230);
        assertThat(tenKilobytes).hasSize(10_240);

        assertThat(PaperId.tryParseArxiv(tenKilobytes)).isEmpty();
        assertThat(PaperId.tryParse(tenKilobytes)).isEmpty();
        assertThatThrownBy(() -> PaperId.parseArxiv(tenKilobytes))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageContaining("2503.11731111")
                .hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void namespacedIdsForOtherCollections() {
        PaperId id = PaperId.namespaced("SciFact", "4983");

        assertThat(id.value()).isEqualTo("scifact:4983");
        assertThat(id.isArxiv()).isFalse();
        assertThat(PaperId.tryParse("scifact:4983")).contains(id);
        assertThat(PaperId.namespaced("beir", "doc_1.2-b").value()).isEqualTo("beir:doc_1.2-b");
        assertThat(PaperId.namespaced("trec-covid", "x".repeat(128)).value()).hasSize("trec-covid:".length() + 128);
        // an arXiv id written with the arXiv: prefix is an arXiv id, not a namespaced one
        assertThat(PaperId.tryParse("arXiv:2503.11731v2")).contains(new PaperId("2503.11731"));
    }

    @ParameterizedTest
    @CsvSource({"beir, two words", "beir, a/b", "beir, ''", "1beir, 4983", "be ir, 4983", "beir, é"})
    void rejectsInvalidNamespacedIds(String namespace, String localId) {
        assertThatThrownBy(() -> PaperId.namespaced(namespace, localId))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageContaining("namespace");
    }

    @Test
    void rejectsOverlongLocalIds() {
        assertThatThrownBy(() -> PaperId.namespaced("beir", "x".repeat(129))).isInstanceOf(InvalidPaperException.class);
        assertThat(PaperId.tryParse("beir:" + "x".repeat(129))).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void anIdIsNeverBlank(String value) {
        assertThatThrownBy(() -> new PaperId(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("paper id is empty");
    }

    @Test
    void ordersByValue() {
        List<PaperId> ids = List.of(new PaperId("2503.11731"), new PaperId("0704.0001"), new PaperId("1501.00002"));

        assertThat(ids.stream().sorted().map(PaperId::toString))
                .containsExactly("0704.0001", "1501.00002", "2503.11731");
    }
}
