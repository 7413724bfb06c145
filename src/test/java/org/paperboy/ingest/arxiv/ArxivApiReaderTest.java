package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.Fixtures;

/** The search API's answers, captured and written, read into papers as the other formats make them. */
class ArxivApiReaderTest {

    private final List<Paper> papers = new ArrayList<>();
    private final List<RecordProblem> problems = new ArrayList<>();

    private ArxivApiReader.Answer readFixture(String name) throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.resource("/arxiv/api-atom/" + name))) {
            return new ArxivApiReader().read(in, papers::add, problems::add);
        }
    }

    private ArxivApiReader.Answer read(String xml) throws IOException {
        return new ArxivApiReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), papers::add,
                problems::add);
    }

    @Test
    void readsAnIdListAnswerWithDoiAndJournalReference() throws IOException {
        ArxivApiReader.Answer answer = readFixture("zoia_api_query_id_list-1601.00001_2020-09-04.xml");

        assertThat(answer).isEqualTo(new ArxivApiReader.Answer(null, 1, 0));
        Paper paper = papers.getFirst();
        assertThat(paper.id()).isEqualTo(new PaperId("1601.00001"));
        assertThat(paper.version()).isEqualTo(1);
        assertThat(paper.title()).isEqualTo("Inelastic effects in molecular transport junctions: The probe technique at high bias");
        assertThat(paper.abstractText()).startsWith("We extend the Landauer-B\\\"uttiker probe formalism")
                .endsWith("far-from-equilibrium.");
        assertThat(paper.authors()).containsExactly("Michael Kilgour", "Dvira Segal");
        assertThat(paper.categories()).containsExactly("cond-mat.mes-hall");
        assertThat(paper.doi()).isEqualTo("10.1063/1.4944470");
        assertThat(paper.journalRef()).isEqualTo("J. Chem. Phys. 144, 124107 (2016)");
        assertThat(paper.comments()).isNull();
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("2015-12-26T21:19:45Z"));
        assertThat(paper.updatedAt()).isEqualTo(Instant.parse("2015-12-26T21:19:45Z"));
        assertThat(paper.announced()).isNull();
    }

    @Test
    void readsASearchAnswerWithCrossListsAndComments() throws IOException {
        ArxivApiReader.Answer answer = readFixture("xiv_api_query_cat-cs.RO_neural_2025-10-17.xml");

        assertThat(answer.papers()).isEqualTo(2);
        assertThat(problems).isEmpty();
        Paper first = papers.getFirst();
        assertThat(first.id()).isEqualTo(new PaperId("2510.14968"));
        assertThat(first.title()).isEqualTo("RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in "
                + "Long-Horizon Tasks");
        assertThat(first.authors()).containsExactly("Mingxuan Yan", "Yuping Wang", "Zechun Liu", "Jiachen Li");
        assertThat(first.categories()).containsExactly("cs.RO", "cs.AI", "cs.CV", "cs.LG", "cs.SY", "eess.SY");
        assertThat(first.comments()).isEqualTo("39th Conference on Neural Information Processing Systems (NeurIPS 2025); "
                + "Project Website: rdd-neurips.github.io");
        assertThat(papers.get(1).id()).isEqualTo(new PaperId("2510.14827"));
        assertThat(papers.get(1).authors()).hasSize(6).startsWith("Yufei Zhu").endsWith("Martin Magnusson");
    }

    @Test
    void convertsLatexAccentsAndTakesTheVersionAndThePrimaryCategoryFromTheEntry() throws IOException {
        String entry = """
                <entry>
                  <id>http://arxiv.org/abs/hep-th/9901001v3</id>
                  <updated>2001-05-02T10:00:00-04:00</updated>
                  <published>1999-01-01T12:00:00Z</published>
                  <title>A title</title>
                  <summary>An abstract.</summary>
                  <author><name>Bal\\'azs Sz\\"ucs</name></author>
                  <author><name>Jos\\'e {\\~N}u\\~nez</name></author>
                  <author><name>Ana Ruiz</name></author>
                  <arxiv:primary_category term="math.CO" scheme="http://arxiv.org/schemas/atom"/>
                  <category term="cs.DM" scheme="http://arxiv.org/schemas/atom"/>
                  <category term="math.CO" scheme="http://arxiv.org/schemas/atom"/>
                  <category term="G.2.1" scheme="http://arxiv.org/schemas/atom"/>
                  <arxiv:license>http://creativecommons.org/licenses/by/4.0/</arxiv:license>
                </entry>""";

        read(ArxivStandIn.feed(entry));

        Paper paper = papers.getFirst();
        assertThat(paper.id()).isEqualTo(new PaperId("hep-th/9901001"));
        assertThat(paper.version()).isEqualTo(3);
        assertThat(paper.authors()).containsExactly("Balázs Szücs", "José Ñuñez", "Ana Ruiz");
        assertThat(paper.categories()).containsExactly("math.CO", "cs.DM");
        assertThat(paper.license()).isEqualTo("http://creativecommons.org/licenses/by/4.0/");
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("1999-01-01T12:00:00Z"));
        assertThat(paper.updatedAt()).isEqualTo(Instant.parse("2001-05-02T14:00:00Z"));
    }

    @Test
    void recognisesArxivsErrorAnswer() throws IOException {
        ArxivApiReader.Answer answer = read("""
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title type="html">ArXiv Query: search_query=&amp;id_list=1234.5678</title>
                  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
                  <entry>
                    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.5678</id>
                    <title>Error</title>
                    <summary>incorrect id format for 1234.5678</summary>
                    <updated>2025-06-30T00:00:00-04:00</updated>
                    <author><name>arXiv api core</name></author>
                  </entry>
                </feed>""");

        assertThat(answer.isError()).isTrue();
        assertThat(answer.error()).isEqualTo("incorrect id format for 1234.5678");
        assertThat(answer.isEmpty()).isFalse();
        assertThat(papers).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aPaperTitledErrorIsStillAPaper() throws IOException {
        Instant at = Instant.parse("2024-01-02T03:04:05Z");
        ArxivApiReader.Answer answer = read(ArxivStandIn.feed(ArxivStandIn.apiEntry("2401.00001v1", "Error", at, at, "A. Author")));

        assertThat(answer.isError()).isFalse();
        assertThat(papers).extracting(Paper::title).containsExactly("Error");
    }

    @Test
    void recognisesAnEmptyAnswer() throws IOException {
        ArxivApiReader.Answer answer = read(ArxivStandIn.feed());

        assertThat(answer.isEmpty()).isTrue();
        assertThat(answer.isError()).isFalse();
        assertThat(papers).isEmpty();
    }

    @Test
    void anEntryThatIsNoPaperIsReportedAndTheRestRead() throws IOException {
        Instant at = Instant.parse("2024-01-02T03:04:05Z");
        ArxivApiReader.Answer answer = read(ArxivStandIn.feed(
                "<entry><id>http://arxiv.org/abs/2401.00002v1</id><published>yesterday</published><title>T</title></entry>",
                "<entry><id>http://arxiv.org/abs/2401.00003v1</id></entry>",
                ArxivStandIn.apiEntry("2401.00001v2", "Fine", at, at, "A. Author")));

        assertThat(answer).isEqualTo(new ArxivApiReader.Answer(null, 1, 2));
        assertThat(papers).extracting(Paper::id).containsExactly(new PaperId("2401.00001"));
        assertThat(problems).extracting(RecordProblem::reason).containsExactly("invalid published date 'yesterday'",
                "title is missing");
        assertThat(problems.getFirst().identifier()).isEqualTo("http://arxiv.org/abs/2401.00002v1");
    }

    @Test
    void refusesWhatIsNoAtomFeed() {
        assertThatThrownBy(() -> read("<html><body>Rate exceeded</body></html>"))
                .isInstanceOf(MalformedResponseException.class);
    }
}
