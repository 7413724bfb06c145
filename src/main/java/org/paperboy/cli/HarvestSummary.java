package org.paperboy.cli;

import java.time.Duration;
import org.paperboy.ingest.arxiv.HarvestReport;

/** The table {@code paperboy harvest} prints after each set. */
final class HarvestSummary {

    private HarvestSummary() {}

    static String of(HarvestReport report) {
        StringBuilder out = new StringBuilder(String.format("set %s, records changed from %s%s: %s%n", report.set(),
                report.from(), report.until() == null ? "" : " until " + report.until(), outcome(report)));
        row(out, "records read", String.format("%,d", report.records()), String.format("(%,d pages%s)", report.pages(),
                report.restarts() == 0 ? "" : String.format("; listing read again from its start %d times", report.restarts())));
        row(out, "added", String.format("%,d", report.added()));
        row(out, "updated", String.format("%,d", report.updated()));
        row(out, "unchanged", String.format("%,d", report.unchanged()));
        if (report.olderThanStored() > 0) {
            row(out, "older than stored", String.format("%,d", report.olderThanStored()));
        }
        row(out, "skipped", String.format("%,d", report.skipped()));
        report.skippedListed().forEach(reason -> out.append("    - ").append(reason).append('\n'));
        if (report.skipped() > report.skippedListed().size()) {
            out.append(String.format("    ... and %,d more%n", report.skipped() - report.skippedListed().size()));
        }
        row(out, "requests made", String.format("%,d", report.requests()));
        row(out, "waiting on arXiv", seconds(report.waited()));
        row(out, "elapsed", seconds(report.elapsed()));
        return out.toString().stripTrailing();
    }

    private static String outcome(HarvestReport report) {
        return switch (report.outcome()) {
            case COMPLETED -> "completed; listing read on " + report.responseDay();
            case STOPPED -> "stopped before the end";
            case FAILED -> "failed";
            case RUNNING -> "running";
        };
    }

    private static void row(StringBuilder out, String label, String value) {
        row(out, label, value, "");
    }

    private static void row(StringBuilder out, String label, String value, String note) {
        out.append(String.format("  %-18s %10s  %s", label, value, note).stripTrailing()).append('\n');
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
