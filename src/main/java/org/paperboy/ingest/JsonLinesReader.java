package org.paperboy.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON-lines file (plain or gzipped, detected by its magic bytes) one line at a time, in constant memory.
 * A line longer than {@code maxLineBytes} is skipped without being held in memory; a line that is not valid UTF-8 is
 * reported rather than silently repaired.
 */
final class JsonLinesReader implements Closeable {

    /** One line of the file: valid UTF-8 {@code bytes}, or a {@code problem} saying why it is unusable. */
    record Line(long number, byte[] bytes, String problem) {}

    private final CountingInputStream counted;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] buffer = new byte[64 * 1024];
    private long lineNumber;

    JsonLinesReader(Path file, int maxLineBytes) throws IOException {
        this.maxLineBytes = maxLineBytes;
        this.counted = new CountingInputStream(Files.newInputStream(file));
        BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
        buffered.mark(2);
        boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        this.in = gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** Bytes of the file itself (compressed, if it is) consumed so far: what a progress bar measures. */
    long bytesConsumed() {
        return counted.count;
    }

    /** The next non-blank line, or null at the end of the file. */
    Line next() throws IOException {
        while (true) {
            int length = 0;
            boolean tooLong = false;
            boolean sawNewline = false;
            while (!sawNewline) {
                if (chunkPos == chunkEnd && !fillChunk()) {
                    break;
                }
                int newline = indexOf((byte) '\n', chunkPos, chunkEnd);
                int end = newline < 0 ? chunkEnd : newline;
                int n = end - chunkPos;
                if (tooLong || length + n > maxLineBytes) {
                    tooLong = true;
                } else {
                    ensureCapacity(length + n);
                    System.arraycopy(chunk, chunkPos, buffer, length, n);
                    length += n;
                }
                chunkPos = newline < 0 ? chunkEnd : newline + 1;
                sawNewline = newline >= 0;
            }
            if (!sawNewline && length == 0 && !tooLong) {
                return null;
            }
            lineNumber++;
            if (tooLong) {
                return new Line(lineNumber, null, "line longer than " + String.format("%,d", maxLineBytes) + " bytes");
            }
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
            if (isBlank(length)) {
                continue;
            }
            if (!Utf8.isValid(buffer, length)) {
                return new Line(lineNumber, null, "invalid UTF-8");
            }
            return new Line(lineNumber, java.util.Arrays.copyOf(buffer, length), null);
        }
    }

    private boolean fillChunk() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            return false;
        }
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private int indexOf(byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(needed, Math.min(maxLineBytes, buffer.length * 2)));
        }
    }

    private boolean isBlank(int length) {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(buffer[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
