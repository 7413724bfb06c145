package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.ingest.arxiv.ArxivSchedule;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.OaiListing;

/**
 * The listing job gets the papers a listing names and the catalog lacks: a few by id, one request each; many (the
 * evening's harvest has not run, or failed) by a harvest, thousands to a request. Over a real SQLite store, against a
 * loopback stand-in for arXiv's feed, OAI-PMH and search API.
 */
class ArxivJobsTest {

    @TempDir
    Path tmp;
    private ArxivServer arxiv;
    private Paperboy paperboy;
    private OaiListing oai;

    @BeforeEach
    void open() {
        arxiv = ArxivServer.start();
        paperboy = Paperboy.open(Settings.defaults()
                .with(Key.DATA_DIR, tmp.resolve("data").toString())
                .with(Key.EMBEDDING_PROVIDER, "none")
                .with(Key.ARXIV_REQUEST_INTERVAL, "0")
                .with(Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Key.ARXIV_API_URL, arxiv.baseUrl() + "/api")
                .with(Key.ARXIV_LISTING_URL, arxiv.baseUrl() + "/atom/"));
    }

    @AfterEach
    void close() {
        paperboy.close();
        arxiv.close();
    }

    @Test
    void aListingNamingManyMissingPapersIsHarvestedNotFetchedOneByOne() throws Exception {
        serve(30);

        readListings();

        assertThat(IntStream.range(0, 30).mapToObj(n -> paperboy.catalog().find(new PaperId(OaiListing.id(n)))))
                .allSatisfy(found -> assertThat(found).isPresent());
        assertThat(verbs()).contains("ListRecords").doesNotContain("GetRecord");
    }

    @Test
    void aFewMissingPapersAreFetchedById() throws Exception {
        serve(3);

        readListings();

        assertThat(paperboy.catalog().count()).isEqualTo(3);
        assertThat(verbs()).containsOnly("GetRecord").hasSize(3);
    }

    /** Today's listing of {@code count} new papers, which OAI-PMH has too (by ListRecords and by GetRecord). */
    private void serve(int count) {
        oai = OaiListing.ofPapers(1, count, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String today = LocalDate.now(ArxivSchedule.EASTERN) + "T00:00:00-05:00";
        String feed = "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                + "xmlns:arxiv=\"http://arxiv.org/schemas/atom\"><title>cs updates on arXiv.org</title>"
                + String.join("", IntStream.range(0, count).mapToObj(n -> "<entry><id>oai:arXiv.org:" + OaiListing.id(n)
                        + "v1</id><title>" + OaiListing.title(n, 1) + "</title><published>" + today + "</published>"
                        + "<arxiv:announce_type>new</arxiv:announce_type></entry>").toList()) + "</feed>";
        arxiv.route(request -> {
            if (request.path().startsWith("/atom/")) {
                return Reply.xml(feed);
            }
            if ("GetRecord".equals(request.parameter("verb"))) {
                String id = request.parameter("identifier").substring("oai:arXiv.org:".length());
                return Reply.xml(ArxivStandIn.getRecord(id, "Paper " + id, Instant.now().minusSeconds(86_400)));
            }
            return oai.answer(request);
        });
    }

    private void readListings() throws Exception {
        RecurringJob listings = ArxivJobs.of(paperboy).stream().filter(job -> job.name().equals(ArxivJobs.LISTINGS))
                .findFirst().orElseThrow();
        listings.work().run(() -> false);
    }

    private List<String> verbs() {
        return arxiv.requests().stream().filter(r -> r.path().endsWith("/oai")).map(r -> r.parameter("verb")).toList();
    }
}
