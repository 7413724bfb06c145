package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.Fixtures;

class QrelsTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheBeirFixture() throws IOException {
        Qrels qrels = Qrels.load(Fixtures.resource("/fixtures/beir-tiny/qrels/train.tsv"));
        assertThat(qrels.queryIds()).containsExactly("q1", "q2", "q3");
        assertThat(qrels.judgments("q1")).containsExactlyInAnyOrderEntriesOf(Map.of("d1", 2, "d3", 1, "d5", 1));
        assertThat(qrels.judgments("q2")).containsExactlyInAnyOrderEntriesOf(Map.of("d2", 1, "d4", 0));
        assertThat(qrels.judgments("nope")).isEmpty();
        assertThat(qrels.queryCount()).isEqualTo(3);
        assertThat(qrels.judgmentCount()).isEqualTo(6);
        assertThat(qrels.relevantCount()).isEqualTo(5);
    }

    @Test
    void headerIsOptionalAndOrderFollowsTheFile() throws IOException {
        Qrels qrels = Qrels.load(write("b\t7\t1\na\t3\t1\nb\t8\t2\n"));
        assertThat(qrels.queryIds()).containsExactly("b", "a");
        assertThat(qrels.judgments("b")).containsExactlyInAnyOrderEntriesOf(Map.of("7", 1, "8", 2));
    }

    @Test
    void toleratesCrlfBomBlankLinesAndIdenticalRepeats() throws IOException {
        Qrels qrels = Qrels.load(write("\uFEFFquery-id\tcorpus-id\tscore\r\n\r\nq\td\t1\r\nq\td\t1\r\n\n"));
        assertThat(qrels.judgments("q")).containsExactlyEntriesOf(Map.of("d", 1));
    }

    @Test
    void readsTrecQrelsAndGzip() throws IOException {
        Path file = tmp.resolve("qrels.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("301 0 FBIS3-10082 1\n301 0 FBIS3-10169 0\n302 0 LA010189-0001 2\n".getBytes(StandardCharsets.UTF_8));
        }
        Qrels qrels = Qrels.load(file);
        assertThat(qrels.queryIds()).containsExactly("301", "302");
        assertThat(qrels.judgments("301")).containsExactlyInAnyOrderEntriesOf(Map.of("FBIS3-10082", 1, "FBIS3-10169", 0));
        assertThat(qrels.judgments("302")).containsEntry("LA010189-0001", 2);
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path file = write("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\n");
        assertThatThrownBy(() -> Qrels.load(file))
                .isInstanceOf(BeirDataException.class)
                .hasMessage(file + ":3: expected 3 tab-separated columns (query-id, corpus-id, score) or the 4 of a "
                        + "TREC qrels line, found 2");
    }

    @Test
    void nonIntegerScoreNamesFileAndLine() throws IOException {
        Path file = write("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0.5\n");
        assertThatThrownBy(() -> Qrels.load(file))
                .isInstanceOf(BeirDataException.class)
                .hasMessage(file + ":3: score '0.5' is not an integer");
        Path second = write("q1\td1\tyes\n");
        assertThatThrownBy(() -> Qrels.load(second)).hasMessage(second + ":1: score 'yes' is not an integer");
    }

    @Test
    void onlyTheFirstLineMayBeAHeader() throws IOException {
        Path file = write("query-id\tcorpus-id\tscore\nquery-id\tcorpus-id\tscore\n");
        assertThatThrownBy(() -> Qrels.load(file)).hasMessage(file + ":2: score 'score' is not an integer");
    }

    @Test
    void emptyIdNamesFileAndLine() throws IOException {
        Path file = write("q1\td1\t1\n\td2\t1\n");
        assertThatThrownBy(() -> Qrels.load(file)).hasMessage(file + ":2: query id is empty");
        Path doc = write("q1\t\t1\n");
        assertThatThrownBy(() -> Qrels.load(doc)).hasMessage(doc + ":1: corpus id is empty");
    }

    @Test
    void conflictingGradesNameBothLines() throws IOException {
        Path file = write("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td1\t0\nq1\td1\t2\n");
        assertThatThrownBy(() -> Qrels.load(file))
                .hasMessage(file + ":4: query q1 and document d1 are judged 2 here but 1 on line 2");
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path file = tmp.resolve("latin1.tsv");
        byte[] good = "q1\td1\t1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'q', '2', '\t', 'd', (byte) 0xE9, '\t', '1', '\n'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(file, all);
        assertThatThrownBy(() -> Qrels.load(file)).isInstanceOf(BeirDataException.class)
                .hasMessage(file + ":2: invalid UTF-8");
    }

    @Test
    void emptyOrMissingFileIsAnError() throws IOException {
        Path empty = write("query-id\tcorpus-id\tscore\n\n");
        assertThatThrownBy(() -> Qrels.load(empty)).hasMessage(empty + ": no judgments in the file");
        Path missing = tmp.resolve("missing.tsv");
        assertThatThrownBy(() -> Qrels.load(missing)).isInstanceOf(BeirDataException.class)
                .hasMessage(missing + ": no such readable file");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(tmp, "qrels", ".tsv");
        Files.writeString(file, content);
        return file;
    }
}
