package org.paperboy.eval;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a text file (plain or gzipped, told apart by its magic bytes) line by line with physical line numbers, so that
 * a complaint can name {@code file:line}. Each line is decoded on its own, so invalid UTF-8 is reported on the line
 * that holds it, never silently repaired. Lines end at LF; a CR before it is dropped.
 */
final class TextLines {

    @FunctionalInterface
    interface LineHandler {
        /** {@code line} without its terminator (and without a byte-order mark at the start of the file). */
        void accept(long number, String line) throws IOException;
    }

    private TextLines() {}

    static void forEach(Path file, LineHandler handler) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BeirDataException(file, "no such readable file");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] chunk = new byte[1 << 16];
        long number = 0;
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        emit(file, ++number, line, decoder, handler);
                        start = i + 1;
                    }
                }
                line.write(chunk, start, n - start);
            }
            if (line.size() > 0) {
                emit(file, ++number, line, decoder, handler);
            }
        }
    }

    private static void emit(Path file, long number, ByteArrayOutputStream bytes, CharsetDecoder decoder,
                             LineHandler handler) throws IOException {
        byte[] raw = bytes.toByteArray();
        bytes.reset();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        String text;
        try {
            text = decoder.reset().decode(ByteBuffer.wrap(raw, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new BeirDataException(file, number, "invalid UTF-8");
        }
        if (number == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        handler.accept(number, text);
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzipped ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
