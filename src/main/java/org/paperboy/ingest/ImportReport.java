package org.paperboy.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did: counts, every skipped record with its file, line and reason, and every record imported with a
 * change worth knowing of (a warning); the first thousand of each kept.
 */
public final class ImportReport {

    static final int MAX_KEPT_PROBLEMS = 1_000;

    /** A record that was not imported, and why; line 0 when the reason is known only after the batch was written. */
    public record Skipped(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + (line > 0 ? ":" + line : "") + ": " + reason;
        }
    }

    /** A record that was imported, but not exactly as written. */
    public record Warning(Path file, long line, String message) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + ": warning: " + message;
        }
    }

    private long read;
    private long added;
    private long updated;
    private long unchanged;
    private long skippedCount;
    private final List<Skipped> skipped = new ArrayList<>();
    private final Map<String, Long> skippedByReason = new TreeMap<>();
    private long warningCount;
    private final List<Warning> warnings = new ArrayList<>();

    synchronized void countRead() {
        read++;
    }

    synchronized void countWritten(int addedNow, int updatedNow, int unchangedNow) {
        added += addedNow;
        updated += updatedNow;
        unchanged += unchangedNow;
    }

    synchronized void skip(Path file, long line, String reason) {
        skippedCount++;
        if (skipped.size() < MAX_KEPT_PROBLEMS) {
            skipped.add(new Skipped(file, line, reason));
        }
        // Group "title too long (5,000,000 characters ...)" with its kin: the reason up to the first parenthesis.
        int paren = reason.indexOf(" (");
        skippedByReason.merge(paren > 0 ? reason.substring(0, paren) : reason, 1L, Long::sum);
    }

    synchronized void warn(Path file, long line, String message) {
        warningCount++;
        if (warnings.size() < MAX_KEPT_PROBLEMS) {
            warnings.add(new Warning(file, line, message));
        }
    }

    public synchronized long read() {
        return read;
    }

    public synchronized long added() {
        return added;
    }

    public synchronized long updated() {
        return updated;
    }

    public synchronized long unchanged() {
        return unchanged;
    }

    public synchronized long skippedCount() {
        return skippedCount;
    }

    /** The first {@value #MAX_KEPT_PROBLEMS} skipped records, in file order. */
    public synchronized List<Skipped> skipped() {
        return Collections.unmodifiableList(new ArrayList<>(skipped));
    }

    public synchronized Map<String, Long> skippedByReason() {
        return Map.copyOf(skippedByReason);
    }

    public synchronized long warningCount() {
        return warningCount;
    }

    /** The first {@value #MAX_KEPT_PROBLEMS} warnings, in file order. */
    public synchronized List<Warning> warnings() {
        return Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    /** The summary printed at the end of {@code paperboy import}. */
    public synchronized String summary(int maxListed) {
        StringBuilder out = new StringBuilder(String.format(
                "read %,d  added %,d  updated %,d  unchanged %,d  skipped %,d", read, added, updated, unchanged, skippedCount));
        if (warningCount > 0) {
            out.append(String.format("  warnings %,d", warningCount));
        }
        skippedByReason.forEach((reason, count) -> out.append(String.format("%n  skipped %,d: %s", count, reason)));
        skipped.stream().limit(maxListed).forEach(s -> out.append("\n  ").append(s));
        if (skippedCount > maxListed) {
            out.append(String.format("%n  ... and %,d more skipped records", skippedCount - Math.min(maxListed, skipped.size())));
        }
        warnings.stream().limit(maxListed).forEach(w -> out.append("\n  ").append(w));
        if (warningCount > maxListed) {
            out.append(String.format("%n  ... and %,d more warnings", warningCount - Math.min(maxListed, warnings.size())));
        }
        return out.toString();
    }
}
