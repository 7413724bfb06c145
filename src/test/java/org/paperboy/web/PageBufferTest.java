package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The buffer holds exactly the UTF-8 of what was written, in order, however it was written and however long. */
class PageBufferTest {

    @Test
    void mixedTextGrowsPastItsCapacityAsUtf8() throws Exception {
        PageBuffer buffer = new PageBuffer(8);
        StringBuilder expected = new StringBuilder();
        String[] pieces = {"<p>", "plain ASCII ", "Zoë ≥ 𝔼[X] “quoted”", "", "&amp;", "end 😀"};
        for (int round = 0; round < 500; round++) {
            for (String piece : pieces) {
                buffer.writeContent(piece);
                expected.append(piece);
            }
            buffer.writeContent("[skip]middle[skip]", 6, 12);
            expected.append("middle");
            buffer.writeBinaryContent("bytes ✓".getBytes(StandardCharsets.UTF_8));
            expected.append("bytes ✓");
        }
        byte[] want = expected.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(buffer.toByteArray()).isEqualTo(want);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        buffer.writeTo(sent);
        assertThat(sent.toByteArray()).isEqualTo(want);
    }
}
