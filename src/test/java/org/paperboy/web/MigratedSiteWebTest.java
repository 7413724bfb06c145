package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.migrate.MigrationReport;
import org.paperboy.migrate.StoreMigration;
import org.paperboy.testing.PopulatedSite;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.WebClient;

/**
 * A site moved from SQLite to PostgreSQL by {@code paperboy migrate} serves the same pages: the same server, once on
 * the SQLite store and once on its copy, answers every request below with the same status and the same bytes, for an
 * anonymous reader, for the member (signed in by the session cookie she had before the move) and for her API token.
 * The only thing rewritten before comparing is each server's own port, where a page links to itself.
 */
class MigratedSiteWebTest {

    private static final String DAY = PopulatedSite.DAY.toString();

    @TempDir
    static Path dir;
    private static PopulatedSite.Site site;
    private static Paperboy onSqlite;
    private static Paperboy onPostgres;
    private static WebServer sqliteServer;
    private static WebServer postgresServer;

    @BeforeAll
    static void start() {
        Settings sqlite = Settings.defaults().with(Settings.Key.DATA_DIR, dir.resolve("sqlite").toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.ARXIV_HARVEST, "false").with(Settings.Key.HTTP_BEHIND_PROXY, "true");
        try (Paperboy paperboy = Paperboy.open(sqlite)) {
            site = PopulatedSite.populate(paperboy);
        }
        String url = PostgresServer.newDatabaseUrl();
        MigrationReport report = new StoreMigration(dir.resolve("sqlite/paperboy.db"),
                new StoreMigration.Target(url, "postgres", null), false).run(new StoreMigration.Listener() {});
        assertThat(report.mismatches()).isEmpty();

        onSqlite = Paperboy.open(sqlite);
        onPostgres = Paperboy.open(sqlite.with(Settings.Key.DATA_DIR, dir.resolve("postgres").toString())
                .with(Settings.Key.DATABASE_URL, url).with(Settings.Key.DATABASE_USER, "postgres"));
        for (Paperboy paperboy : List.of(onSqlite, onPostgres)) {
            paperboy.indexSync().catchUp(seq -> {});
        }
        sqliteServer = WebServer.start(onSqlite);
        postgresServer = WebServer.start(onPostgres);
    }

    @AfterAll
    static void stop() {
        sqliteServer.close();
        postgresServer.close();
        onSqlite.close();
        onPostgres.close();
    }

    @Test
    void theSearchIndexIsRebuiltFromTheCopy() {
        assertThat(onPostgres.searchIndex().stats().documents()).isEqualTo(6);
        assertThat(onPostgres.searchIndex().storeEpoch()).isNotEqualTo(onSqlite.searchIndex().storeEpoch());
    }

    @Test
    void anonymousReadersSeeTheSamePages() {
        for (String path : List.of("/daily?date=" + DAY, "/papers/2503.00002", "/papers/2503.00001", "/users/ada",
                "/collections/" + site.readingList(), "/search?q=diffusion+video", "/authors/Grace%20Hopper")) {
            assertSame(path, server -> new WebClient(server.port(), "10.9.0.1").get(path));
        }
        assertThat(new WebClient(postgresServer.port(), "10.9.0.1").get("/papers/2503.00002").body())
                .contains("Does this scale to <strong>long</strong> videos?").contains("It does, see section 4.");
    }

    @Test
    void theMemberIsStillSignedInAndSeesHerReadingListAndVotes() {
        for (String path : List.of("/daily?date=" + DAY, "/papers/2503.00002", "/collections",
                "/collections/" + site.readingList(), "/settings/mail")) {
            assertSame(path, server -> {
                WebClient ada = new WebClient(server.port(), "10.9.0.2");
                ada.setCookie("paperboy_session", site.sessionToken());
                return ada.get(path);
            });
        }
        WebClient ada = new WebClient(postgresServer.port(), "10.9.0.2");
        ada.setCookie("paperboy_session", site.sessionToken());
        assertThat(ada.get("/collections").body()).contains(">Reading list</a>").contains("2 papers · public");
    }

    @Test
    void theApiAnswersTheSame() {
        for (String path : List.of("/api/papers/2503.00002", "/api/papers/2503.00002/comments",
                "/api/daily_papers?date=" + DAY, "/api/collections/" + site.readingList(), "/api/collections",
                "/api/papers/search?q=diffusion&mode=keyword")) {
            assertSame(path, server -> new WebClient(server.port(), "10.9.0.3").request("GET", path,
                    "Authorization", "Bearer " + site.apiToken()));
        }
    }

    private static void assertSame(String path, Function<WebServer, HttpResponse<String>> fetch) {
        HttpResponse<String> before = fetch.apply(sqliteServer);
        HttpResponse<String> after = fetch.apply(postgresServer);
        assertThat(after.statusCode()).as(path).isEqualTo(before.statusCode());
        assertThat(before.statusCode()).as(path).isLessThan(400);
        assertThat(after.body().replace(":" + postgresServer.port(), ":PORT")).as(path)
                .isEqualTo(before.body().replace(":" + sqliteServer.port(), ":PORT"));
    }
}
