package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.app.SiteStatus;
import org.paperboy.community.Passwords;
import org.paperboy.community.Role;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.Harvest;
import org.paperboy.ingest.arxiv.ListingJob;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.OaiListing;
import org.paperboy.testing.WebClient;

/**
 * The site's status through the real server, after real harvests from a loopback arXiv: {@code /healthz} and the admin
 * page {@code /admin} show the same figures, a harvest gone stale makes the site unhealthy, and the admin starts a job.
 */
class AdminPageWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    /** The day of the captured announcement feed the stand-in serves. */
    private static final String FEED = "/arxiv/rss/zotero-arxiv-daily_rss-atom_cs.AI_2025-08-20.xml";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private ArxivServer arxiv;

    @BeforeEach
    void startArxiv() {
        Instant now = Instant.now();
        OaiListing cs = OaiListing.ofPapers(1, 3, now);
        arxiv = ArxivServer.start().route(request -> {
            if (request.path().startsWith("/atom/")) {
                return Reply.resource(FEED);
            }
            return "math".equals(request.parameter("set"))
                    ? Reply.xml(OaiListing.error(now, "badArgument", "Invalid set: math is not harvestable"))
                    : cs.answer(request);
        });
    }

    @AfterEach
    void stopArxiv() {
        arxiv.close();
    }

    @Test
    void healthzAndTheAdminPageShowTheHarvestTheFeedTheCatalogAndTheVectors() throws Exception {
        Settings settings = settings("cs,math").with(Settings.Key.EMBEDDING_PROVIDER, "openai")
                // Never asked: the test counts the papers waiting for vectors, and computes none.
                .with(Settings.Key.EMBEDDING_URL, "http://127.0.0.1:9").with(Settings.Key.EMBEDDING_MODEL, "test-model");
        try (Paperboy paperboy = Paperboy.open(settings); WebServer server = WebServer.start(paperboy)) {
            new Harvest(settings, paperboy.database(), paperboy.catalog()).runConfiguredSets(() -> false);
            new ListingJob(settings, paperboy.database(), paperboy.catalog()).run(missing -> {});
            paperboy.embeddings().orElseThrow().job().refresh();
            String newestDay = paperboy.catalog().latestAnnouncementDay().orElseThrow().toString();

            JsonNode health = JSON.readTree(new WebClient(server.port()).get("/healthz").body());
            assertThat(health.get("status").textValue()).as("never warmed up").isEqualTo("starting");
            JsonNode cs = health.at("/arxiv/sets/0");
            assertThat(cs.get("set").textValue()).isEqualTo("cs");
            assertThat(cs.get("lastRun").textValue()).isEqualTo("completed");
            assertThat(Instant.parse(cs.get("lastCompletedAt").textValue())).isAfter(Instant.now().minusSeconds(60));
            assertThat(cs.get("lastError").isNull()).isTrue();
            JsonNode math = health.at("/arxiv/sets/1");
            assertThat(math.get("set").textValue()).isEqualTo("math");
            assertThat(math.get("lastRun").textValue()).isEqualTo("failed");
            assertThat(math.get("lastCompletedAt").isNull()).isTrue();
            assertThat(math.get("lastError").textValue()).contains("Invalid set: math is not harvestable");
            assertThat(health.at("/arxiv/harvest").booleanValue()).isTrue();
            assertThat(health.at("/arxiv/stale").booleanValue()).as("a new site counts from its start").isFalse();
            assertThat(health.at("/arxiv/lastListingRead/day").textValue()).isEqualTo("2025-08-20");
            assertThat(health.get("newestAnnouncedDay").textValue()).isEqualTo(newestDay);
            assertThat(health.get("papers").longValue()).isEqualTo(3);
            assertThat(health.get("vectorsWaiting").longValue()).isEqualTo(3);

            WebClient admin = admin(paperboy, server);
            HttpResponse<String> page = admin.get("/admin");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.body())
                    .contains("<span id=\"health\" class=\"health health-bad\">starting</span>")
                    .contains("<tr id=\"set-cs\">").contains("completed")
                    .contains("<td class=\"number\">3</td>")
                    .contains("<tr id=\"set-math\">")
                    .contains("id=\"last-error\"").contains("the harvest of set math failed")
                    .contains("Invalid set: math is not harvestable")
                    .contains("the listing of 2025-08-20, 2 new submissions, 5 cross-lists")
                    .contains("<dd id=\"newest-day\">" + newestDay + "</dd>")
                    .contains("<span id=\"vectors-waiting\">3 papers waiting for vectors</span>")
                    .contains("The search index follows the catalog")
                    .contains("id=\"admin-link\"");
            assertThat(page.body()).as("this server runs no scheduler").contains("id=\"no-scheduler\"")
                    .doesNotContain("Harvest now");
            assertThat(admin.get("/users/boss").body()).contains("<a href=\"/admin\">Site status</a>");

            WebClient member = new WebClient(server.port());
            member.signUp("reader", PASSWORD);
            HttpResponse<String> refused = member.get("/admin");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("only an admin").doesNotContain("Invalid set");
            assertThat(member.get("/daily").body()).doesNotContain("id=\"admin-link\"");
            HttpResponse<String> anonymous = new WebClient(server.port()).get("/admin");
            assertThat(anonymous.statusCode()).isEqualTo(303);
            assertThat(anonymous.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin");
        }
    }

    @Test
    void aHarvestThatHasNotCompletedForLongerThanStaleAfterMakesTheSiteUnhealthy() throws Exception {
        Settings settings = settings("cs").with(Settings.Key.ARXIV_STALE_AFTER, "2");
        try (Paperboy paperboy = Paperboy.open(settings); WebServer server = WebServer.start(paperboy)) {
            new Harvest(settings, paperboy.database(), paperboy.catalog()).runConfiguredSets(() -> false);
            paperboy.indexSync().follow(100);
            paperboy.warmUp();
            WebClient web = new WebClient(server.port());
            assertThat(web.get("/healthz").statusCode()).isEqualTo(200);

            completedAt(paperboy, Instant.now().minus(Duration.ofHours(3)));
            HttpResponse<String> stale = await(web, r -> r.statusCode() == 503);
            JsonNode health = JSON.readTree(stale.body());
            assertThat(health.get("status").textValue()).isEqualTo("harvest stale");
            assertThat(health.at("/arxiv/stale").booleanValue()).isTrue();
            assertThat(health.at("/arxiv/sets/0/stale").booleanValue()).isTrue();
            assertThat(health.at("/arxiv/staleAfterHours").longValue()).isEqualTo(2);
            assertThat(admin(paperboy, server).get("/admin").body()).contains(">harvest stale</span>")
                    .contains("No harvest of cs has completed in the last 2 hours");
        }

        // The same store, served by a server that does not harvest: nothing is expected to arrive, nothing is stale.
        try (Paperboy paperboy = Paperboy.open(settings.with(Settings.Key.ARXIV_HARVEST, "false"));
             WebServer server = WebServer.start(paperboy)) {
            paperboy.indexSync().follow(100);
            paperboy.warmUp();
            HttpResponse<String> healthz = new WebClient(server.port()).get("/healthz");
            assertThat(healthz.statusCode()).as(healthz.body()).isEqualTo(200);
            JsonNode health = JSON.readTree(healthz.body());
            assertThat(health.get("status").textValue()).isEqualTo("ok");
            assertThat(health.at("/arxiv/harvest").booleanValue()).isFalse();
            assertThat(health.at("/arxiv/stale").booleanValue()).isFalse();
            assertThat(admin(paperboy, server).get("/admin").body()).contains("Harvesting is off on this server");
        }
    }

    @Test
    void theHarvestNowButtonRunsTheJobOnceAndNeedsTheFormsToken() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RecurringJob harvest = new RecurringJob(SiteStatus.HARVEST_JOB, "0 0 0 1 1 *", ZoneOffset.UTC, context -> {
            runs.incrementAndGet();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        });
        try (Paperboy paperboy = Paperboy.open(settings("cs")); WebServer server = WebServer.start(paperboy)) {
            paperboy.scheduler().start(List.of(harvest));
            WebClient admin = admin(paperboy, server);
            String path = "/admin/jobs/" + SiteStatus.HARVEST_JOB + "/run";
            assertThat(admin.get("/admin").body()).contains("action=\"" + path + "\"").contains("Harvest now")
                    .doesNotContain("id=\"no-scheduler\"");

            HttpResponse<String> forged = admin.postRaw(path, Map.of());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("this form has expired or came from another site");
            assertThat(paperboy.scheduler().status()).singleElement().satisfies(job ->
                    assertThat(job.nextRun()).as("not made due").isAfter(Instant.now().plus(Duration.ofDays(1))));

            HttpResponse<String> started = admin.post(path, Map.of());
            assertThat(started.statusCode()).isEqualTo(303);
            assertThat(started.headers().firstValue("Location")).hasValue("/admin?started=" + SiteStatus.HARVEST_JOB);
            await(() -> runs.get() == 1);
            String after = admin.get("/admin?started=" + SiteStatus.HARVEST_JOB).body();
            assertThat(after).contains("id=\"notice\"").contains("arxiv-harvest is due now").contains("running on ");

            HttpResponse<String> again = admin.post(path, Map.of());
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("arxiv-harvest is running now on " + paperboy.scheduler().nodeName())
                    .contains("it was not started again");
            release.countDown();
            await(() -> paperboy.scheduler().status().getFirst().lastSuccess() != null);
            assertThat(runs.get()).isEqualTo(1);

            HttpResponse<String> unknown = admin.post("/admin/jobs/no-such-job/run", Map.of());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("there is no scheduled job").contains("no-such-job");

            WebClient member = new WebClient(server.port());
            member.signUp("reader", PASSWORD);
            member.get("/daily");
            assertThat(member.post(path, Map.of()).statusCode()).isEqualTo(403);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aServerThatRunsNoSchedulerRefusesToStartAJob() throws Exception {
        try (Paperboy paperboy = Paperboy.open(settings("cs").with(Settings.Key.ARXIV_HARVEST, "false"));
             WebServer server = WebServer.start(paperboy)) {
            WebClient admin = admin(paperboy, server);
            admin.get("/admin");
            HttpResponse<String> refused = admin.post("/admin/jobs/" + SiteStatus.HARVEST_JOB + "/run", Map.of());
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("does not run the scheduled jobs (arxiv.harvest=false)");
        }
    }

    private Settings settings(String sets) {
        return Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.ARXIV_SETS, sets)
                .with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_LISTING_URL, arxiv.baseUrl() + "/atom/")
                .with(Settings.Key.ARXIV_REQUEST_INTERVAL, "0");
    }

    /** A client signed in as the admin "boss", created on first use. */
    private static WebClient admin(Paperboy paperboy, WebServer server) {
        if (paperboy.members().findUser("boss").isEmpty()) {
            paperboy.members().createUser("boss", "Boss", null, Passwords.hash(PASSWORD), Role.ADMIN);
        }
        WebClient admin = new WebClient(server.port());
        assertThat(admin.logIn("boss", PASSWORD).statusCode()).isEqualTo(303);
        return admin;
    }

    /** As if every set's last completed harvest had ended at {@code at}. */
    private static void completedAt(Paperboy paperboy, Instant at) {
        paperboy.database().inTransaction(c -> {
            try (var s = c.prepareStatement("UPDATE harvest_state SET last_completed_at = ?")) {
                s.setLong(1, at.toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    /** /healthz once it answers as {@code wanted}: it reads the store every few seconds. */
    private static HttpResponse<String> await(WebClient web, Predicate<HttpResponse<String>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> response = web.get("/healthz");
        while (!wanted.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = web.get("/healthz");
        }
        assertThat(wanted).as("/healthz answered %s: %s", response.statusCode(), response.body()).accepts(response);
        return response;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
