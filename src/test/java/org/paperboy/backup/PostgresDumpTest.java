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

    @Test
    void aUrlNamingAPrimaryAndItsStandbyGivesEveryHostAndRestoresOnThePrimary() {
        PostgresDump dump = new PostgresDump("jdbc:postgresql://db1:5432,db2/site?targetServerType=primary", "paperboy");

        assertThat(dump.dumpCommand("site.dump")).isEqualTo(
                "pg_dump --host=db1,db2 --port=5432,5432 --username=paperboy --dbname=site --format=custom --file=site.dump");
        assertThat(dump.restoreCommand("site.dump")).startsWith(
                "PGTARGETSESSIONATTRS=read-write pg_restore --host=db1,db2 --port=5432,5432 ");
    }

    @Test
    void aUrlWithoutAHostLeavesTheHostToLibpq() {
        assertThat(new PostgresDump("jdbc:postgresql:///site", null).dumpCommand("f"))
                .isEqualTo("pg_dump --dbname=site --format=custom --file=f");
        assertThat(new PostgresDump("jdbc:postgresql:site", null).dumpCommand("f"))
                .isEqualTo("pg_dump --dbname=site --format=custom --file=f");
        assertThat(new PostgresDump("jdbc:postgresql://[::1]:5433/site", null).dumpCommand("f"))
                .isEqualTo("pg_dump --host=::1 --port=5433 --dbname=site --format=custom --file=f");
    }
}
