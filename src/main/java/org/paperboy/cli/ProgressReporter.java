package org.paperboy.cli;

import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.ingest.Importer;

/** Import progress: a bar on a terminal, a line every few seconds on stderr otherwise (logs, CI). */
final class ProgressReporter implements Importer.Progress {

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final boolean terminal;
    private ProgressBar bar;
    private Path file;
    private long total;
    private long lastLine;

    ProgressReporter() {
        // The launcher knows whether stderr is a terminal; System.console() is the fallback when run by hand.
        String tty = System.getProperty("paperboy.tty");
        this.terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    }

    @Override
    public void start(Path file, long totalBytes) {
        this.file = file;
        this.total = totalBytes;
        this.lastLine = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName("Importing " + file.getFileName())
                    .setInitialMax(totalBytes)
                    .setUnit(" MB", 1 << 20)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .showSpeed()
                    .build();
        } else {
            System.err.printf("Importing %s (%,d MB)%n", file, totalBytes >> 20);
        }
    }

    @Override
    public void advance(long bytesConsumed) {
        if (bar != null) {
            bar.stepTo(bytesConsumed);
        } else if (System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
            lastLine = System.nanoTime();
            System.err.printf("  %s: %d%%%n", file.getFileName(), total == 0 ? 100 : bytesConsumed * 100 / total);
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
            bar = null;
        }
    }
}
