package org.paperboy.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.ingest.arxiv.HarvestReport;
import org.paperboy.ingest.arxiv.OaiHarvester;

/**
 * Harvest progress: records so far and pages, as a bar on a terminal (a listing's length is unknown until its last
 * page, so the bar counts up without an end), a line every few seconds on stderr otherwise (logs, CI).
 */
final class HarvestProgress implements OaiHarvester.Listener, AutoCloseable {

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final boolean terminal;
    private ProgressBar bar;
    private String set;
    private long lastLine;

    HarvestProgress() {
        // The launcher knows whether stderr is a terminal; System.console() is the fallback when run by hand.
        String tty = System.getProperty("paperboy.tty");
        this.terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    }

    void start(String newSet) {
        set = newSet;
        lastLine = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("Harvesting " + newSet).setInitialMax(-1)
                    .setUnit(" records", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .showSpeed().hideEta().build();
        } else {
            System.err.printf("Harvesting set %s%n", newSet);
        }
    }

    @Override
    public void progressed(HarvestReport soFar) {
        if (bar != null) {
            bar.stepTo(soFar.records());
            bar.setExtraMessage(String.format("%,d pages", soFar.pages()));
        } else if (System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
            lastLine = System.nanoTime();
            System.err.printf("  %s: %,d records, %,d pages%n", set, soFar.records(), soFar.pages());
        }
    }

    void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        finish();
    }
}
