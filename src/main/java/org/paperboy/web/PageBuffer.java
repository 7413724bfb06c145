package org.paperboy.web;

import gg.jte.TemplateOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rendered page as UTF-8 in one growing array, sent to the client in one write. jte's own {@code Utf8ByteOutput}
 * keeps every escaped piece as an array of its own (a daily page is thousands) and then copies them into one, which
 * Javalin then copies again to the response 4 kB at a time: together more CPU than rendering the page.
 */
final class PageBuffer implements TemplateOutput {

    private byte[] bytes;
    private int length;

    PageBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    @Override
    public void writeContent(String s) {
        writeContent(s, 0, s.length());
    }

    @Override
    public void writeContent(String s, int beginIndex, int endIndex) {
        reserve(endIndex - beginIndex);
        // ASCII goes straight in (markup and most of every abstract); the rest through the UTF-8 encoder.
        for (int i = beginIndex; i < endIndex; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                writeBinaryContent(s.substring(i, endIndex).getBytes(StandardCharsets.UTF_8));
                return;
            }
            bytes[length++] = (byte) c;
        }
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        reserve(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void reserve(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
