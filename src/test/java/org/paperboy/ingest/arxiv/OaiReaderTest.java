package org.paperboy.ingest.arxiv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** Real responses of arXiv's OAI-PMH service (see arxiv/PROVENANCE.md), and hostile ones written here. */
class OaiReaderTest {

    private final List<OaiRecord> records = new ArrayList<>();
    private final List<RecordProblem> problems = new ArrayList<>();

    @Test
    void readsArxivRawListRecordsWithEveryVersionAndTheResumptionToken() throws IOException {
        OaiResponse response = read(fixture("mikesaelim_ListRecordsResponse.xml"));

        assertThat(problems).isEmpty();
        assertThat(response.records()).isEqualTo(6);
        assertThat(records).extracting(r -> r.paper().id().value())
                .containsExactly("0704.0471", "0704.0716", "0704.0874", "0704.1109", "0704.1114", "0704.1586");
        assertThat(response.responseDate()).isEqualTo(Instant.parse("2015-01-06T20:49:59Z"));
        assertThat(response.resumptionToken()).isEqualTo("726959|1001");
        assertThat(response.hasMore()).isTrue();
        assertThat(response.errors()).isEmpty();

        Paper first = records.getFirst().paper();
        assertThat(first.title()).isEqualTo("Density dependence of the symmetry energy and the nuclear equation of "
                + "state: A Dynamical and Statistical model perspective");
        assertThat(first.authors()).containsExactly("D.V. Shetty", "S.J. Yennello", "G.A. Souliotis");
        assertThat(first.categories()).containsExactly("nucl-ex", "nucl-th");
        assertThat(first.journalRef()).isEqualTo("Phys.Rev.C76:024606,2007; Erratum-ibid.C76:039902,2007");
        assertThat(first.abstractText()).contains("extremely \" stiff \" and \" soft \"");

        OaiRecord fourVersions = records.get(1);
        assertThat(fourVersions.datestamp()).isEqualTo(LocalDate.parse("2014-12-22"));
        assertThat(fourVersions.sets()).containsExactly("math", "physics:math-ph");
        assertThat(fourVersions.versions()).extracting(OaiRecord.Version::number).containsExactly(1, 2, 3, 4);
        assertThat(fourVersions.versions().get(2).size()).isEqualTo("48kb");
        assertThat(fourVersions.paper().version()).isEqualTo(4);
        assertThat(fourVersions.paper().categories()).containsExactly("math-ph", "math.MP");
        assertThat(fourVersions.paper().submittedAt()).isEqualTo(Instant.parse("2007-04-05T12:45:03Z"));
        assertThat(fourVersions.paper().updatedAt()).isEqualTo(Instant.parse("2008-11-14T09:07:25Z"));
        assertThat(fourVersions.paper().license()).isEqualTo("http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
        assertThat(records).noneMatch(OaiRecord::withdrawn);
        assertThat(records.get(3).paper().authors()).containsExactly("Valeria M. Rosa", "Patricio S. letelier");
    }

    @Test
    void readsGetRecordWithThePrimaryCategoryFirst() throws IOException {
        OaiResponse response = read(fixture("mikesaelim_GetRecordResponse.xml"));

        assertThat(response.hasMore()).isFalse();
        assertThat(records).hasSize(1);
        Paper paper = records.getFirst().paper();
        assertThat(paper.id()).isEqualTo(new PaperId("1302.2146"));
        assertThat(paper.version()).isEqualTo(2);
        assertThat(paper.authors()).containsExactly("Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo");
        assertThat(paper.categories()).containsExactly("hep-ph", "hep-ex");
        assertThat(records.getFirst().sets()).containsExactly("physics:hep-ex", "physics:hep-ph");
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("2013-02-08T21:00:01Z"));
        assertThat(paper.comments()).isEqualTo("18 pages, 6 figures; v2: References added");
    }

    @Test
    void readsTheArxivFormatWithSplitAuthorsAndOldStyleIds() throws IOException {
        read(fixture("paperhive_arXiv_ListRecords_2015-01-01_2015-01-03.xml"));

        assertThat(problems).isEmpty();
        assertThat(records).extracting(r -> r.paper().id().value()).containsExactly("1412.8544", "hep-th/9504118");
        Paper first = records.getFirst().paper();
        assertThat(first.authors()).containsExactly("Sander Uijlen", "Bas Westerbaan");
        assertThat(first.categories()).containsExactly("cs.DM");
        assertThat(first.doi()).isEqualTo("10.4204/EPTCS.172.11");
        assertThat(first.journalRef()).isEqualTo("EPTCS 172, 2014, pp. 154-164");
        assertThat(first.submittedAt()).isEqualTo(Instant.parse("2014-12-29T00:00:00Z"));
        assertThat(records.get(1).paper().authors()).containsExactly("M. Requardt");
        assertThat(records.get(1).versions()).isEmpty();
    }

    @Test
    void readsDublinCore() throws IOException {
        OaiResponse response = read(fixture("atomiklabs_oai_dc_ListRecords_cs_2024-01-25.xml"));

        assertThat(problems).isEmpty();
        assertThat(response.resumptionToken()).isEqualTo("6960524|1001");
        assertThat(records).extracting(r -> r.paper().id().value())
                .containsExactly("1303.2033", "2401.14034", "2401.14036", "2401.14038", "2401.14040");
        Paper first = records.getFirst().paper();
        assertThat(first.title()).isEqualTo("Extended Fourier analysis of signals");
        assertThat(first.authors()).containsExactly("Vilnis Liepins");
        assertThat(first.comments()).isEqualTo("32 pages, 9 figures");
        assertThat(first.abstractText()).startsWith("This summary of the doctoral thesis");
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.submittedAt()).isEqualTo(Instant.parse("2013-03-08T00:00:00Z"));
        assertThat(first.updatedAt()).isEqualTo(Instant.parse("2024-01-23T00:00:00Z"));
        assertThat(records.get(1).paper().authors()).startsWith("Chuankun Li", "Shuai Li", "Yanbo Gao");
    }

    @ParameterizedTest
    @CsvSource({
        "mikesaelim_ErrorResponseBadArgument.xml, BAD_ARGUMENT, illegal argument 'identifier'",
        "mikesaelim_ErrorResponseBadResumptionToken.xml, BAD_RESUMPTION_TOKEN, resumptionToken supplied is illegal",
        "mikesaelim_ErrorResponseBadVerb.xml, BAD_VERB, Verb 'wah' not implemented",
        "mikesaelim_ErrorResponseIdDoesNotExist.xml, ID_DOES_NOT_EXIST, does not correspond to an item",
        "mikesaelim_ErrorResponseNoRecordsMatch.xml, NO_RECORDS_MATCH, The setSpec was 'moo'",
    })
    void mapsErrorResponsesToTheirCodes(String file, OaiError.Code code, String message) throws IOException {
        OaiResponse response = read(fixture(file));

        assertThat(response.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.message()).contains(message);
        });
        assertThat(response.hasError(code)).isTrue();
        assertThat(response.hasMore()).isFalse();
        assertThat(records).isEmpty();
    }

    @Test
    void refusesAnExternalEntityWithoutFetchingIt() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>&xxe;</responseDate></OAI-PMH>""";

        assertThatThrownBy(() -> read(bytes(xxe))).isInstanceOf(OaiResponseException.class)
                .hasMessageContaining("DOCTYPE is not allowed").hasMessageNotContaining("root:");
    }

    @Test
    void refusesBillionLaughsWithoutExpandingIt() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String laughs = "<?xml version=\"1.0\"?>" + dtd + "]><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                + "<responseDate>&lol9;</responseDate></OAI-PMH>";

        assertThatThrownBy(() -> read(bytes(laughs))).isInstanceOf(OaiResponseException.class)
                .hasMessageContaining("DOCTYPE is not allowed");
    }

    @Test
    void refusesMalformedXmlAndOtherDocuments() {
        assertThatThrownBy(() -> read(bytes("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>")))
                .isInstanceOf(OaiResponseException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> read(bytes("<html><body>Retry later</body></html>")))
                .isInstanceOf(OaiResponseException.class).hasMessageContaining("root element is <html>");
        assertThatThrownBy(() -> read(bytes("")))
                .isInstanceOf(OaiResponseException.class);
    }

    @Test
    void skipsABrokenRecordAndReadsTheOthers() throws IOException {
        String response = page(
                rawRecord("2401.00001", "Fine before", "v1", "1.2kb", "Jan Nov\\'ak and Fran\\c{c}ois M\\\"uller", "cs.CL cs.AI"),
                rawRecord("not-an-id", "Broken", "v1", "1kb", "A. Author", "cs.CL"),
                rawRecord("2401.00003", "Withdrawn", "v2", "0kb", "B. Author", "math.AG"),
                rawRecord("2401.00004", "", "v1", "1kb", "C. Author", "cs.CL"));

        OaiResponse result = read(bytes(response));

        assertThat(records).extracting(r -> r.paper().id().value()).containsExactly("2401.00001", "2401.00003");
        assertThat(records.getFirst().paper().authors()).containsExactly("Jan Novák", "François Müller");
        assertThat(records.getFirst().paper().categories()).containsExactly("cs.CL", "cs.AI");
        assertThat(records.getFirst().withdrawn()).isFalse();
        assertThat(records.get(1).withdrawn()).isTrue();
        assertThat(problems).containsExactly(
                new RecordProblem("oai:arXiv.org:not-an-id", "invalid arXiv id 'not-an-id' (expected e.g. 2503.11731 or hep-th/9504118)"),
                new RecordProblem("oai:arXiv.org:2401.00004", "title is missing"));
        assertThat(result.records()).isEqualTo(2);
        assertThat(result.problems()).isEqualTo(2);
        assertThat(result.hasMore()).isFalse();
    }

    @Test
    void skipsARecordPastTheSizeLimit() throws IOException {
        String huge = "x".repeat(BoundedXml.MAX_TREE_CHARS + 1);
        read(bytes(page(rawRecord("2401.00001", huge, "v1", "1kb", "A", "cs.CL"),
                rawRecord("2401.00002", "Small", "v1", "1kb", "B", "cs.CL"))));

        assertThat(records).extracting(r -> r.paper().id().value()).containsExactly("2401.00002");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.identifier()).isEqualTo("oai:arXiv.org:2401.00001");
            assertThat(p.reason()).contains("more than 1,000,000 characters");
        });
    }

    /** 20,000 records from a stream generated as it is read: only a count is kept, so nothing holds the response. */
    @Test
    void streamsALargeResponseRecordByRecord() throws IOException {
        int n = 20_000;
        Iterator<InputStream> parts = IntStream.rangeClosed(0, n + 1).mapToObj(i -> bytes(
                i == 0 ? "<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                        + "<responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords>"
                        : i > n ? "<resumptionToken></resumptionToken></ListRecords></OAI-PMH>"
                        : rawRecord(String.format("2401.%05d", i), "Paper " + i, "v1", "1kb", "A. Author", "cs.CL"))).iterator();
        int[] seen = {0};
        String[] last = {null};

        OaiResponse response = new OaiReader().read(new SequenceInputStream(enumeration(parts)),
                r -> { seen[0]++; last[0] = r.paper().id().value(); }, problems::add);

        assertThat(seen[0]).isEqualTo(n);
        assertThat(last[0]).isEqualTo("2401.20000");
        assertThat(problems).isEmpty();
        assertThat(response.records()).isEqualTo(n);
        assertThat(response.hasMore()).isFalse();
        assertThat(response.resumptionToken()).isEmpty();
    }

    static String page(String... records) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                + "<responseDate>2026-01-02T03:04:05Z</responseDate><ListRecords>" + String.join("", records)
                + "</ListRecords></OAI-PMH>";
    }

    static String rawRecord(String id, String title, String version, String size, String authors, String categories) {
        return "<record><header><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>2024-01-03</datestamp></header>"
                + "<metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>" + id + "</id>"
                + "<version version=\"" + version + "\"><date>Mon, 1 Jan 2024 10:00:00 GMT</date><size>" + size + "</size></version>"
                + "<title>" + title + "</title><authors>" + authors + "</authors><categories>" + categories + "</categories>"
                + "</arXivRaw></metadata></record>";
    }

    private OaiResponse read(InputStream in) throws IOException {
        try (in) {
            return new OaiReader().read(in, records::add, problems::add);
        }
    }

    private static InputStream fixture(String name) {
        InputStream in = OaiReaderTest.class.getResourceAsStream("/arxiv/oai-pmh/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static Enumeration<InputStream> enumeration(Iterator<InputStream> parts) {
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return parts.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return parts.next();
            }
        };
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }
}
