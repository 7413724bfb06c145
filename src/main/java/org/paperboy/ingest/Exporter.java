package org.paperboy.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.paperboy.catalog.Catalog;

/** Writes the whole catalog in Paperboy's own JSON-lines format, which {@link Importer} reads back unchanged. */
public final class Exporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;

    public Exporter(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Exports to {@code file} (gzipped when its name ends in {@code .gz}). The file appears only when complete: it is
     * written beside its final name and moved into place at the end.
     *
     * @return the number of papers written
     */
    public long exportTo(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        long count;
        try (OutputStream out = Files.newOutputStream(partial)) {
            count = file.toString().endsWith(".gz") ? writeGzipped(out) : write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }

    private long writeGzipped(OutputStream out) throws IOException {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            return write(gzip);
        }
    }

    /** Writes one JSON object a line to {@code out} and flushes it; does not close it. */
    public long write(OutputStream out) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long[] count = {0};
        try {
            catalog.forEach(paper -> {
                try {
                    writer.write(JSON.writeValueAsString(PaperboyFormat.toJson(paper)));
                    writer.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return count[0];
    }
}
