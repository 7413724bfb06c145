package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the byte level of an import: splitting a file into lines and checking their UTF-8. Both are compared with
 * a plain model built from the JDK, so a wrong answer is a finding, not only a crash. Seeds:
 * {@code JsonLinesFuzzTestInputs/<method>/}; fuzzed by {@code bench/fuzz.sh}.
 */
class JsonLinesFuzzTest {

    /** Small, so that the fuzzer reaches the too-long path with short inputs. */
    private static final int MAX_LINE_BYTES = 64;

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("paperboy-fuzz", ".jsonl");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Strict validation agrees with the JDK's decoder, which refuses overlong forms and surrogates alike. */
    @FuzzTest
    void utf8AgreesWithTheJdk(@NotNull byte[] bytes) {
        assertThat(Utf8.isValid(bytes, bytes.length)).isEqualTo(jdkAccepts(bytes));
    }

    /**
     * Every non-blank line comes back, numbered as an editor numbers it, with its bytes when they are usable and a
     * reason when they are not. Gzipped files are the same code after decompression; a file that starts like one is
     * left to the gzip decoder.
     */
    @FuzzTest
    void readerReturnsEveryLine(@NotNull byte[] content) throws IOException {
        if (content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b) {
            return;
        }
        Files.write(file, content);
        List<JsonLinesReader.Line> read = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader(file, MAX_LINE_BYTES)) {
            for (JsonLinesReader.Line line; (line = reader.next()) != null; ) {
                read.add(line);
            }
            assertThat(reader.bytesConsumed()).isEqualTo(content.length);
        }
        assertThat(read).usingRecursiveFieldByFieldElementComparator().isEqualTo(expectedLines(content));
    }

    /** The model: split on '\n', drop one trailing '\r', skip blank lines, refuse long and non-UTF-8 ones. */
    private static List<JsonLinesReader.Line> expectedLines(byte[] content) {
        List<JsonLinesReader.Line> lines = new ArrayList<>();
        int start = 0;
        long number = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            number++;
            byte[] raw = Arrays.copyOfRange(content, start, end);
            byte[] text = raw.length > 0 && raw[raw.length - 1] == '\r' ? Arrays.copyOf(raw, raw.length - 1) : raw;
            if (raw.length > MAX_LINE_BYTES) {
                lines.add(new JsonLinesReader.Line(number, null, "line longer than " + MAX_LINE_BYTES + " bytes"));
            } else if (!isBlank(text)) {
                lines.add(jdkAccepts(text) ? new JsonLinesReader.Line(number, text, null)
                        : new JsonLinesReader.Line(number, null, "invalid UTF-8"));
            }
            start = end + 1;
        }
        return lines;
    }

    private static boolean isBlank(byte[] text) {
        for (byte b : text) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
