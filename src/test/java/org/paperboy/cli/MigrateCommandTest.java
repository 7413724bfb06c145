package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.testing.PopulatedSite;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.TableRows;
import org.paperboy.testing.TestPapers;

/**
 * {@code paperboy migrate} from a real SQLite store with rows in every table to the embedded PostgreSQL: the copy holds
 * the same rows, a re-run converges on the store, a failed run leaves the target as it was, and another site's data
 * is refused unless {@code --replace}.
 */
class MigrateCommandTest {

    /** Deliberately not the same in the copy (see RowAdjustments): the search index epoch, the scheduler's picks. */
    static final Set<String> ADJUSTED = Set.of("search_index_ledger.epoch", "scheduled_tasks.picked",
            "scheduled_tasks.picked_by", "scheduled_tasks.last_heartbeat");

    @TempDir
    Path dir;
    private String target;

    @BeforeEach
    void populate() {
        try (Paperboy paperboy = Paperboy.open(settings())) {
            PopulatedSite.populate(paperboy);
        }
        target = PostgresServer.newDatabaseUrl();
    }

    private Settings settings() {
        return Settings.resolve(null, Map.of(), Map.of(Key.DATA_DIR, dir.resolve("data").toString(),
                Key.EMBEDDING_PROVIDER, "none", Key.ARXIV_HARVEST, "false"));
    }

    private Path store() {
        return dir.resolve("data/paperboy.db");
    }

    private CommandRun migrate(String... more) {
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", dir.resolve("data").toString(), "--to", target,
                "--user", "postgres"));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private Map<String, List<String>> sqliteRows(Set<String> ignored) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store())) {
            return TableRows.dump(c, TableRows.sqliteTables(c), ignored);
        }
    }

    private Map<String, List<String>> targetRows(Set<String> ignored) throws SQLException {
        List<String> tables;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store())) {
            tables = TableRows.sqliteTables(c);
        }
        try (Connection c = DriverManager.getConnection(target, "postgres", null)) {
            return TableRows.dump(c, tables, ignored);
        }
    }

    private void postgres(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(target, "postgres", null); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private void addToStore(String comment) {
        try (Paperboy paperboy = Paperboy.open(settings())) {
            User bob = paperboy.members().findUser("bob").orElseThrow();
            paperboy.comments().addComment(bob.id(), new PaperId("2503.00003"), null, comment);
        }
    }

    @Test
    void everyTableArrivesWithTheSameRows() throws Exception {
        Map<String, List<String>> before = sqliteRows(Set.of());
        assertThat(before).as("the fixture fills every table of the schema").allSatisfy((table, rows) ->
                assertThat(rows).as(table + " (add rows for it to PopulatedSite)").isNotEmpty());

        CommandRun run = migrate();

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String table : before.keySet()) {
            assertThat(run.out()).containsPattern("(?m)^" + table + " +[0-9,]+ +[0-9,]+ +same$");
        }
        assertThat(run.out()).contains("new index epoch").contains("paperboy reindex").contains("stop the server");
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
        assertThat(sqliteRows(Set.of()).get("site_keys")).as("the store was given its id").anyMatch(row -> row.contains("store-id"));
        try (Connection c = DriverManager.getConnection(target, "postgres", null); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM scheduled_tasks WHERE picked")).isEqualTo("0");
            assertThat(single(s, "SELECT (extract(epoch FROM last_success) * 1000)::bigint FROM scheduled_tasks "
                    + "WHERE task_name = 'mail-delivery'")).isEqualTo(String.valueOf(java.time.Instant.parse("2025-03-18T09:29:00Z").toEpochMilli()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement();
             Connection p = DriverManager.getConnection(target, "postgres", null); Statement t = p.createStatement()) {
            assertThat(single(t, "SELECT epoch FROM search_index_ledger"))
                    .isNotEqualTo(single(s, "SELECT epoch FROM search_index_ledger"));
        }
    }

    @Test
    void newRowsOnPostgresqlTakeIdsAfterEveryIdSqliteHandedOut() throws Exception {
        long deletedComment;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement()) {
            deletedComment = Long.parseLong(single(s, "SELECT max(comment_id) FROM comments"));
            s.execute("DELETE FROM comments WHERE comment_id = " + deletedComment);
        }
        assertThat(migrate().exitCode()).isZero();

        Settings onPostgres = settings().with(Key.DATABASE_URL, target).with(Key.DATABASE_USER, "postgres");
        try (Paperboy paperboy = Paperboy.open(onPostgres)) {
            User carol = paperboy.members().signUp("carol", "Carol", "carol@example.org", PopulatedSite.PASSWORD);
            assertThat(carol.id()).isEqualTo(3);
            long comment = paperboy.comments().addComment(carol.id(), new PaperId("2503.00001"), null, "new here").id();
            assertThat(comment).as("not the id of the comment deleted on SQLite").isEqualTo(deletedComment + 1);
            paperboy.catalog().upsert(List.of(TestPapers.synthetic(99)));
            assertThat(paperboy.catalog().count()).isEqualTo(7);
        }
    }

    @Test
    void aReRunConvergesOnTheStoreWithoutDuplicates() throws Exception {
        assertThat(migrate().exitCode()).isZero();
        addToStore("written after the first copy");

        CommandRun again = migrate();

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("replacing what the target held");
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
        CommandRun third = migrate();
        assertThat(third.exitCode()).isZero();
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
    }

    @Test
    void aReRunDoesNotUndoWhatASiteOnPostgresqlWroteUnlessReplaced() throws Exception {
        assertThat(migrate().exitCode()).isZero();
        Settings onPostgres = settings().with(Key.DATABASE_URL, target).with(Key.DATABASE_USER, "postgres");
        try (Paperboy paperboy = Paperboy.open(onPostgres)) {
            User ada = paperboy.members().findUser("ada").orElseThrow();
            paperboy.comments().addComment(ada.id(), new PaperId("2503.00004"), null, "written on PostgreSQL");
        }
        Map<String, List<String>> moved = targetRows(Set.of());

        CommandRun refused = migrate();

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errLines()).anyMatch(line -> line.contains("earlier copy of this store, written to since")
                && line.contains("1 rows in comments") && line.contains("--replace"));
        assertThat(targetRows(Set.of())).isEqualTo(moved);
        CommandRun replaced = migrate("--replace");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
    }

    @Test
    void anotherSitesDataIsRefusedUnlessReplaced() throws Exception {
        Settings other = Settings.resolve(null, Map.of(), Map.of(Key.DATA_DIR, dir.resolve("other").toString(),
                Key.DATABASE_URL, target, Key.DATABASE_USER, "postgres", Key.EMBEDDING_PROVIDER, "none"));
        try (Paperboy paperboy = Paperboy.open(other)) {
            paperboy.catalog().upsert(List.of(TestPapers.synthetic(1), TestPapers.synthetic(2)));
        }
        Map<String, List<String>> theirs = targetRows(Set.of());

        CommandRun refused = migrate();

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errLines()).anyMatch(line -> line.contains("holds another site's data (2 rows in papers")
                && line.contains("--replace"));
        assertThat(targetRows(Set.of())).isEqualTo(theirs);

        CommandRun replaced = migrate("--replace");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
    }

    @Test
    void anEmptySiteThatRanItsJobsAndCountedALogInIsNoSitesData() throws Exception {
        Settings fresh = Settings.resolve(null, Map.of(), Map.of(Key.DATA_DIR, dir.resolve("fresh").toString(),
                Key.DATABASE_URL, target, Key.DATABASE_USER, "postgres", Key.EMBEDDING_PROVIDER, "none"));
        Paperboy.open(fresh).close(); // the schema, as a server started on the empty target makes it
        postgres("INSERT INTO rate_buckets (id, state, expires_at) VALUES ('LOG_IN 1f2e', '\\x0102', 1)");

        CommandRun run = migrate();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
    }

    @Test
    void aRunThatFailsHalfwayLeavesTheTargetAsItWasAndTheNextOneCompletes() throws Exception {
        assertThat(migrate().exitCode()).isZero();
        Map<String, List<String>> firstCopy = targetRows(Set.of());
        addToStore("written after the first copy");
        // The comments are copied after papers, members, votes...: this fails the run well into its transaction.
        postgres("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION refuse()");

        CommandRun failed = migrate();

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("cannot copy table comments").contains("injected failure")
                .contains("nothing was committed");
        assertThat(targetRows(Set.of())).isEqualTo(firstCopy);

        postgres("DROP TRIGGER refuse ON comments");
        CommandRun again = migrate();
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(targetRows(ADJUSTED)).isEqualTo(sqliteRows(ADJUSTED));
    }

    @Test
    void aCopyThatDiffersFromTheStoreIsNotCommitted() throws Exception {
        // PostgreSQL changes what it is given: the verification reads it back and finds it.
        org.paperboy.storage.Database.open(target, "postgres", null).close();
        postgres("CREATE FUNCTION garble() RETURNS trigger AS $$ BEGIN NEW.body := upper(NEW.body); RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER garble BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION garble()");
        Map<String, List<String>> empty = targetRows(Set.of());

        CommandRun run = migrate();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^comments +[0-9,]+ +[0-9,]+ +CONTENT DIFFERS$")
                .containsPattern("(?m)^papers +[0-9,]+ +[0-9,]+ +same$");
        assertThat(run.err()).contains("the copy differs from the store in comments").contains("nothing was committed");
        assertThat(targetRows(Set.of())).isEqualTo(empty);
    }

    @Test
    void errorsSayWhatToDo() throws Exception {
        CommandRun wrongDir = CommandRun.of("migrate", "--data-dir", dir.resolve("nowhere").toString(), "--to", target);
        assertThat(wrongDir.exitCode()).isEqualTo(1);
        assertThat(wrongDir.err()).contains("there is no SQLite store at").contains("--data-dir");
        assertThat(dir.resolve("nowhere/paperboy.db")).doesNotExist();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        target = "jdbc:postgresql://127.0.0.1:" + closedPort + "/site";
        CommandRun unreachable = migrate();
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .contains("is the server running");

        String real = PostgresServer.newDatabaseUrl();
        target = real.replaceFirst("/paperboy_test_\\d+", "/no_such_database");
        CommandRun missing = migrate();
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist: create it first");

        target = real;
        postgres("CREATE TABLE invoices (id int)");
        CommandRun foreign = migrate("--replace");
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).contains("holds tables that are not Paperboy's (invoices)");

        CommandRun notPostgres = CommandRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--to",
                "jdbc:mysql://db/site");
        assertThat(notPostgres.err()).contains("--to must name a PostgreSQL database");
    }

    @Test
    void thePasswordIsNeverPrinted() throws Exception {
        CommandRun run = migrate("--password=pw-never-shown-42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("pw-never-shown-42");
    }

    @Test
    void aStoreLockedByAnotherProcessIsReportedAsSuch() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("SELECT count(*) FROM papers");

            CommandRun run = migrate();

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("is locked by another process");
            s.execute("COMMIT");
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
