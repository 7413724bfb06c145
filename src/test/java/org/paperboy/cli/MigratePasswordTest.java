package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.testing.PopulatedSite;

/**
 * {@code paperboy migrate} against a PostgreSQL server that checks passwords (its own embedded server: the shared one
 * trusts every connection): a wrong password and a missing one are told apart and say what to do; the right one,
 * given with {@code --password}, is used for the whole copy and never printed.
 */
class MigratePasswordTest {

    private static final String SECRET = "s3cret-Pass-77";

    @TempDir
    static Path dir;
    private static EmbeddedPostgres server;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        // The superuser stays trusted (the server's own readiness check signs in as it); the site's user needs a password.
        server = EmbeddedPostgres.builder().setDataDirectoryCustomizer(data -> {
            try {
                Files.writeString(data.toPath().resolve("pg_hba.conf"), """
                        local all all trust
                        host all postgres all trust
                        host all all all scram-sha-256
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE site LOGIN PASSWORD '" + SECRET + "'");
            s.execute("CREATE DATABASE site OWNER site");
        }
        target = "jdbc:postgresql://localhost:" + server.getPort() + "/site";
        try (Paperboy paperboy = Paperboy.open(Settings.resolve(null, Map.of(), Map.of(Key.DATA_DIR,
                dir.resolve("data").toString(), Key.EMBEDDING_PROVIDER, "none")))) {
            PopulatedSite.populate(paperboy);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static CommandRun migrate(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("migrate", "--data-dir",
                dir.resolve("data").toString(), "--to", target, "--user", "site"));
        args.addAll(java.util.List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void aWrongOrMissingPasswordSaysWhatToDoAndTheRightOneCopies() {
        CommandRun wrong = migrate("--password=not-the-password");
        assertThat(wrong.exitCode()).as(wrong.out() + wrong.err()).isEqualTo(1);
        assertThat(wrong.err()).contains("refused user site").contains("check --user and the password")
                .doesNotContain("not-the-password");

        CommandRun missing = migrate();
        assertThat(missing.exitCode()).as(missing.out() + missing.err()).isEqualTo(1);
        assertThat(missing.err()).contains("asks user site for a password").contains("--password").contains("PGPASSWORD")
                .doesNotContain("unexpected error");

        CommandRun right = migrate("--password=" + SECRET);
        assertThat(right.exitCode()).as(right.err()).isZero();
        assertThat(right.out()).containsPattern("(?m)^comments +3 +3 +same$");
        assertThat(right.out() + right.err()).doesNotContain(SECRET);
    }
}
