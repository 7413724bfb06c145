package org.paperboy.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.paperboy.catalog.PaperId;

/**
 * Paper vectors in a file, to move a corpus embedded on one machine (a GPU server, the demo's build) to another in
 * seconds: {@code paperboy embed --export FILE} and {@code --import FILE}.
 *
 * <p>Format ({@code paperboy-vectors} version 1), gzipped when the file name ends in {@code .gz} (import recognises
 * gzip by its magic bytes, whatever the name):
 * <pre>
 *   header   one line of UTF-8 JSON ending in '\n', e.g.
 *            {"format":"paperboy-vectors","version":1,"model":"bge-small-en-v1.5-q","dimension":384,
 *             "encoding":"float32-le"}
 *   records  per vector, all integers little-endian:
 *            u16 n, n bytes    paper id (UTF-8), n &gt; 0
 *            u8 m, m bytes     the paper's content_hash when it was embedded (ASCII hex; m = 0 if unknown)
 *            dimension x f32   the L2-normalised vector
 *   end      u16 0, then u64 the number of records (a file cut short has no end and is refused)
 * </pre>
 * {@code zcat FILE | head -1} shows the header. Export writes to a temporary file beside the target and moves it into
 * place when complete, so the file name never names a partial file. Import refuses, before storing anything, a file of
 * another model or dimension; it stores vectors in transactions of {@value #IMPORT_BATCH} (each bumping the papers'
 * change sequence, so the search index picks them up), skips and counts vectors of papers not in the catalog, and
 * leaves alone vectors identical to stored ones. Importing the same file again changes nothing.
 */
public final class VectorFile {

    public static final String FORMAT = "paperboy-vectors";
    public static final int VERSION = 1;
    static final int IMPORT_BATCH = 1_000;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorFile() {}

    /** The file's model and dimension, as its header states them. */
    public record Header(String model, int dimension) {}

    /**
     * What an import did.
     *
     * @param read          vectors in the file
     * @param stored        vectors written (new or changed)
     * @param unchanged     vectors equal to the stored ones, left alone
     * @param unknownPapers vectors skipped because their paper is not in the catalog
     * @param progress      the model's embedding progress afterwards
     */
    public record ImportResult(long read, long stored, long unchanged, long unknownPapers, VectorStore.Progress progress) {}

    /** Thrown for a file that is not a vector file, is damaged, or holds vectors of another model; one-line message. */
    public static final class VectorFileException extends RuntimeException {
        VectorFileException(String message) {
            super(message);
        }
    }

    /** Writes every stored vector of {@code model} to {@code file}, atomically; returns how many. */
    public static long export(VectorStore store, String model, int dimension, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        long count = 0;
        try {
            try (OutputStream out = open(temp, target.getFileName().toString().endsWith(".gz"))) {
                ObjectNode header = JSON.createObjectNode();
                header.put("format", FORMAT);
                header.put("version", VERSION);
                header.put("model", model);
                header.put("dimension", dimension);
                header.put("encoding", "float32-le");
                out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
                ByteBuffer record = ByteBuffer.allocate(2 + 65_535 + 1 + 255 + dimension * Float.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
                PaperId after = null;
                while (true) {
                    List<VectorStore.Entry> page = store.page(model, after, 1_000);
                    if (page.isEmpty()) {
                        break;
                    }
                    for (VectorStore.Entry entry : page) {
                        if (entry.vector().length != dimension) {
                            throw new IllegalStateException("paper " + entry.id() + " has a vector of "
                                    + entry.vector().length + " dimensions under model '" + model + "', not " + dimension);
                        }
                        byte[] id = entry.id().value().getBytes(StandardCharsets.UTF_8);
                        byte[] hash = entry.sourceHash() == null ? new byte[0]
                                : entry.sourceHash().getBytes(StandardCharsets.US_ASCII);
                        if (id.length > 65_535 || hash.length > 255) {
                            throw new IllegalStateException("paper id or content hash too long: " + entry.id());
                        }
                        record.clear();
                        record.putShort((short) id.length).put(id).put((byte) hash.length).put(hash);
                        for (float v : entry.vector()) {
                            record.putFloat(v);
                        }
                        out.write(record.array(), 0, record.position());
                        count++;
                    }
                    after = page.getLast().id();
                }
                ByteBuffer end = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
                end.putShort((short) 0).putLong(count);
                out.write(end.array());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return count;
    }

    /** Reads only the header of a vector file. */
    public static Header readHeader(Path file) throws IOException {
        try (InputStream in = openForReading(file)) {
            return header(file, in);
        }
    }

    /**
     * Imports a vector file made for {@code model}.
     *
     * @param dimension the dimension the model produces, or 0 when unknown (a remote model not yet asked): then the
     *                  file's dimension must match vectors of that model already stored, if any
     * @throws VectorFileException for another model or dimension (nothing is stored), or a damaged file (batches
     *                             before the damage stay stored; importing a good copy completes the import)
     */
    public static ImportResult importFile(VectorStore store, Path file, String model, int dimension) throws IOException {
        try (InputStream in = openForReading(file)) {
            Header header = header(file, in);
            if (!header.model().equals(model)) {
                throw new VectorFileException(file + " holds vectors of model '" + header.model() + "' ("
                        + header.dimension() + " dimensions), but the configured model is '" + model + "'"
                        + (dimension > 0 ? " (" + dimension + " dimensions)" : "") + "; nothing imported");
            }
            int expected = dimension > 0 ? dimension : store.dimension(model).orElse(header.dimension());
            if (header.dimension() != expected) {
                throw new VectorFileException(file + " holds vectors of " + header.dimension() + " dimensions, but model '"
                        + model + "' has " + expected + "; nothing imported");
            }
            return readRecords(store, file, in, model, header.dimension());
        }
    }

    private static ImportResult readRecords(VectorStore store, Path file, InputStream in, String model, int dimension)
            throws IOException {
        long read = 0;
        long stored = 0;
        long unchanged = 0;
        long unknown = 0;
        byte[] vectorBytes = new byte[dimension * Float.BYTES];
        List<VectorStore.Entry> batch = new ArrayList<>(IMPORT_BATCH);
        try {
            while (true) {
                int idLength = u16(in);
                if (idLength == 0) {
                    long count = ByteBuffer.wrap(readFully(in, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    if (count != read) {
                        throw new VectorFileException(file + " is damaged: it ends after " + read
                                + " vectors but says it holds " + count);
                    }
                    break;
                }
                String id = new String(readFully(in, idLength), StandardCharsets.UTF_8);
                String hash = new String(readFully(in, u8(in)), StandardCharsets.US_ASCII);
                readFully(in, vectorBytes, vectorBytes.length);
                read++;
                if (id.isBlank()) {
                    throw new VectorFileException(file + " is damaged: vector " + read + " has a blank paper id");
                }
                float[] vector;
                try {
                    vector = unit(Vectors.fromBytes(vectorBytes));
                } catch (EmbeddingException e) {
                    throw new VectorFileException(file + " is damaged: the vector of paper " + id + " " + e.getMessage());
                }
                batch.add(new VectorStore.Entry(new PaperId(id), vector, hash.isEmpty() ? null : hash));
                if (batch.size() == IMPORT_BATCH) {
                    long[] counts = storeBatch(store, model, batch);
                    stored += counts[0];
                    unchanged += counts[1];
                    unknown += counts[2];
                    batch.clear();
                }
            }
            if (in.read() != -1) {
                throw new VectorFileException(file + " is damaged: data after the end of the vectors");
            }
        } catch (EOFException e) {
            throw new VectorFileException(file + " is truncated: it ends after " + read + " vectors without its end "
                    + "marker (whole batches before were imported; import a complete copy to finish)");
        }
        if (!batch.isEmpty()) {
            long[] counts = storeBatch(store, model, batch);
            stored += counts[0];
            unchanged += counts[1];
            unknown += counts[2];
        }
        return new ImportResult(read, stored, unchanged, unknown, store.progress(model));
    }

    /** Stores what differs from the store; returns {stored, unchanged, unknown}. */
    private static long[] storeBatch(VectorStore store, String model, List<VectorStore.Entry> batch) {
        Map<PaperId, VectorStore.Entry> existing = store.findEntries(batch.stream().map(VectorStore.Entry::id).toList(), model);
        List<VectorStore.Entry> changed = new ArrayList<>(batch.size());
        long unchanged = 0;
        for (VectorStore.Entry entry : batch) {
            VectorStore.Entry old = existing.get(entry.id());
            if (old != null && Arrays.equals(old.vector(), entry.vector())
                    && Objects.equals(old.sourceHash(), entry.sourceHash())) {
                unchanged++;
            } else {
                changed.add(entry);
            }
        }
        VectorStore.StoreResult result = store.store(changed, model);
        return new long[] {result.stored(), unchanged, result.unknownPapers().size()};
    }

    private static Header header(Path file, InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1 || line.size() >= MAX_HEADER_BYTES) {
                throw notAVectorFile(file);
            }
            line.write(b);
        }
        JsonNode header;
        try {
            header = JSON.readTree(line.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw notAVectorFile(file);
        }
        if (header == null || !FORMAT.equals(header.path("format").asText())) {
            throw notAVectorFile(file);
        }
        if (header.path("version").asInt() != VERSION || !"float32-le".equals(header.path("encoding").asText())) {
            throw new VectorFileException(file + " is a vector file of version " + header.path("version")
                    + " / encoding " + header.path("encoding") + "; this Paperboy reads version " + VERSION + " float32-le");
        }
        String model = header.path("model").asText("");
        int dimension = header.path("dimension").asInt(0);
        if (model.isBlank() || dimension <= 0 || dimension > 65_536) {
            throw new VectorFileException(file + " has an invalid header: " + abbreviate(header.toString()));
        }
        return new Header(model, dimension);
    }

    /** The vector as it is when it is of unit length (bit for bit), else normalised. */
    private static float[] unit(float[] vector) {
        float[] normalized = Vectors.normalize(vector);
        return Math.abs(Vectors.norm(vector) - 1) <= 1e-4 ? vector : normalized;
    }

    private static VectorFileException notAVectorFile(Path file) {
        return new VectorFileException(file + " is not a Paperboy vector file (made by paperboy embed --export)");
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16), 1 << 16)
                : new BufferedOutputStream(out, 1 << 16);
    }

    private static InputStream openForReading(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new VectorFileException(file + " does not exist or is not a file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static int u16(InputStream in) throws IOException {
        int lo = in.read();
        int hi = in.read();
        if ((lo | hi) < 0) {
            throw new EOFException();
        }
        return lo | hi << 8;
    }

    private static int u8(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        readFully(in, bytes, n);
        return bytes;
    }

    private static void readFully(InputStream in, byte[] bytes, int n) throws IOException {
        if (in.readNBytes(bytes, 0, n) != n) {
            throw new EOFException();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
