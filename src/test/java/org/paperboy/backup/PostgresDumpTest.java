package org.paperboy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresDumpTest {

    @Test
    void buildsTheDumpAndRestoreCommandsFromTheUrlWithoutAPassword() {
        PostgresDump dump = new PostgresDump("jdbc:postgresql://db.example:5433/site?sslmode=require", "paperboy");

        assertThat(dump.dumpCommand("/backups/site 1.dump")).isEqualTo(
                "pg_dump --host=db.example --port=5433 --username=paperboy --dbname=site --format=custom '--file=/backups/site 1.dump'");
        assertThat(dump.restoreCommand("site.dump")).isEqualTo(
                "pg_restore --host=db.example --port=5433 --username=paperboy --dbname=site --clean --if-exists --no-owner "
                        + "--single-transaction site.dump");
    }
}
