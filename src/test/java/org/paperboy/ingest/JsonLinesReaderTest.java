package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReaderTest {

    @TempDir
    Path tmp;

    private List<JsonLinesReader.Line> read(byte[] content, int maxLineBytes) throws IOException {
        Path file = Files.write(tmp.resolve("lines.jsonl"), content);
        List<JsonLinesReader.Line> lines = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader(file, maxLineBytes)) {
            for (JsonLinesReader.Line line; (line = reader.next()) != null; ) {
                lines.add(line);
            }
            assertThat(reader.bytesConsumed()).isEqualTo(Files.size(file));
        }
        return lines;
    }

    private static String text(JsonLinesReader.Line line) {
        return line.bytes() == null ? null : new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void skipsBlankLinesButKeepsCountingThem() throws Exception {
        List<JsonLinesReader.Line> lines = read("one\n\n   \ntwo\r\n\t\r\nthree".getBytes(StandardCharsets.UTF_8), 100);

        assertThat(lines).extracting(JsonLinesReader.Line::number).containsExactly(1L, 4L, 6L);
        assertThat(lines).extracting(JsonLinesReaderTest::text).containsExactly("one", "two", "three");
        assertThat(lines).allSatisfy(line -> assertThat(line.problem()).isNull());
    }

    @Test
    void anEmptyFileOrOneOfNewlinesHasNoLines() throws Exception {
        assertThat(read(new byte[0], 100)).isEmpty();
        assertThat(read("\n\n\r\n".getBytes(StandardCharsets.UTF_8), 100)).isEmpty();
    }

    @Test
    void aLineOverTheLimitIsReportedAndReadingGoesOn() throws Exception {
        String atLimit = "a".repeat(100);
        String overLimit = "b".repeat(101);

        List<JsonLinesReader.Line> lines = read((atLimit + "\n" + overLimit + "\nafter\n" + overLimit)
                .getBytes(StandardCharsets.UTF_8), 100);

        assertThat(lines).extracting(JsonLinesReader.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(text(lines.get(0))).isEqualTo(atLimit);
        assertThat(lines.get(1).bytes()).isNull();
        assertThat(lines.get(1).problem()).isEqualTo("line longer than 100 bytes");
        assertThat(text(lines.get(2))).isEqualTo("after");
        assertThat(lines.get(3).problem()).isEqualTo("line longer than 100 bytes");
    }

    @Test
    void linesSpanningManyReadChunksComeBackWhole() throws Exception {
        String longLine = "x".repeat(300_000) + "é" + "y".repeat(70_000);

        List<JsonLinesReader.Line> lines = read(("short\n" + longLine + "\nlast\n").getBytes(StandardCharsets.UTF_8), 1 << 20);

        assertThat(lines).extracting(JsonLinesReaderTest::text).containsExactly("short", longLine, "last");
    }

    @Test
    void invalidUtf8IsReportedNotRepaired() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("good\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {'b', 'a', 'd', (byte) 0xC3, 0x28, '\n'});
        out.writeBytes("caf\u00e9\n".getBytes(StandardCharsets.UTF_8));

        List<JsonLinesReader.Line> lines = read(out.toByteArray(), 100);

        assertThat(lines).extracting(JsonLinesReader.Line::problem).containsExactly(null, "invalid UTF-8", null);
        assertThat(text(lines.get(2))).isEqualTo("café");
    }

    @Test
    void gzipIsRecognisedByItsMagicBytes() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(read(compressed.toByteArray(), 100)).extracting(JsonLinesReaderTest::text).containsExactly("first", "second");
        // a plain file that happens to start with 0x1f alone is still plain
        assertThat(read(new byte[] {0x1f, 'x', '\n'}, 100)).hasSize(1);
    }
}
