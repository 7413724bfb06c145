package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.Fixtures;

class BeirQueriesTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheBeirFixture() throws IOException {
        BeirQueries queries = BeirQueries.load(Fixtures.resource("/fixtures/beir-tiny/queries.jsonl"));
        assertThat(queries.size()).isEqualTo(4);
        assertThat(queries.all().keySet()).containsExactly("q1", "q2", "q3", "q4");
        assertThat(queries.text("q3")).contains("Zebrafish can regenerate fins.");
        assertThat(queries.text("q9")).isEmpty();
    }

    @Test
    void numericIdsAndBlankLinesAndExtraFieldsAreFine() throws IOException {
        BeirQueries queries = BeirQueries.load(write("""
                {"_id": 12, "text": "twelve", "metadata": {"a": [1, 2]}}

                {"_id": "13", "text": "thirteen", "title": "ignored"}
                """));
        assertThat(queries.text("12")).contains("twelve");
        assertThat(queries.text("13")).contains("thirteen");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path file = write("{\"_id\": \"1\", \"text\": \"fine\"}\n{\"_id\": \"2\", \"text\": \"broken\"\n");
        assertThatThrownBy(() -> BeirQueries.load(file))
                .isInstanceOf(BeirDataException.class)
                .hasMessageStartingWith(file + ":2: malformed JSON: ");
    }

    @Test
    void twoValuesOnOneLineAreMalformed() throws IOException {
        Path file = write("{\"_id\": \"1\", \"text\": \"a\"}{\"_id\": \"2\", \"text\": \"b\"}\n");
        assertThatThrownBy(() -> BeirQueries.load(file)).hasMessageStartingWith(file + ":1: malformed JSON: ");
    }

    @Test
    void missingFieldsNameFileAndLine() throws IOException {
        Path noId = write("{\"_id\": \"1\", \"text\": \"fine\"}\n{\"text\": \"no id\"}\n");
        assertThatThrownBy(() -> BeirQueries.load(noId))
                .hasMessage(noId + ":2: '_id' is missing (or not a string or number)");
        Path noText = write("{\"_id\": \"7\"}\n");
        assertThatThrownBy(() -> BeirQueries.load(noText))
                .hasMessage(noText + ":1: query 7: 'text' is missing, blank or not a string");
        Path blankText = write("{\"_id\": \"7\", \"text\": \"  \"}\n");
        assertThatThrownBy(() -> BeirQueries.load(blankText))
                .hasMessage(blankText + ":1: query 7: 'text' is missing, blank or not a string");
        Path numberText = write("{\"_id\": \"7\", \"text\": 5}\n");
        assertThatThrownBy(() -> BeirQueries.load(numberText))
                .hasMessage(numberText + ":1: query 7: 'text' is missing, blank or not a string");
        Path array = write("[1, 2]\n");
        assertThatThrownBy(() -> BeirQueries.load(array)).hasMessage(array + ":1: not a JSON object");
    }

    @Test
    void duplicateIdNamesBothLines() throws IOException {
        Path file = write("{\"_id\": \"1\", \"text\": \"a\"}\n\n{\"_id\": \"1\", \"text\": \"b\"}\n");
        assertThatThrownBy(() -> BeirQueries.load(file)).hasMessage(file + ":3: query id 1 appears twice (first on line 1)");
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path file = write("\n\n");
        assertThatThrownBy(() -> BeirQueries.load(file)).hasMessage(file + ": no queries in the file");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(tmp, "queries", ".jsonl");
        Files.writeString(file, content);
        return file;
    }
}
