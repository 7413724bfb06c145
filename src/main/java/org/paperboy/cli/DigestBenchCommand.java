package org.paperboy.cli;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.DeliveryReport;
import org.paperboy.mail.OutboxDelivery;
import org.paperboy.mail.digest.DigestPeriod;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figures for a day's digests (docs/benchmarks.md, "Mail"): fills a fresh store (see {@link DigestBenchStore}), then
 * times the queuing of every digest ({@link DigestRun}), their delivery through the outbox to an SMTP server, and,
 * for reference, a bare Jakarta Mail loop sending as many pre-built digests to the same server (a connection per
 * message, as the outbox's sender opens). Prints one line of figures, "key=value" separated by spaces.
 */
@Command(name = "bench-digests", mixinStandardHelpOptions = true, hidden = true,
        description = "Times a day's digests: build and queue, delivery through the outbox, and a bare SMTP loop.")
final class DigestBenchCommand implements Callable<Integer> {

    private static final LocalDate DAY = LocalDate.of(2026, 7, 1);
    private static final int REFERENCE_DISTINCT = 1_000;

    @Option(names = "--corpus", required = true, paramLabel = "FILE",
            description = "Papers (the demo corpus's JSON lines, gzipped); the first --papers are the day's.")
    Path corpus;

    @Option(names = "--smtp-port", required = true, paramLabel = "PORT", description = "An SMTP server on 127.0.0.1.")
    int smtpPort;

    @Option(names = "--papers", defaultValue = "1000", paramLabel = "N") int papers;

    @Option(names = "--subscribers", defaultValue = "10000", paramLabel = "N") int subscribers;

    @Option(names = "--members", defaultValue = "1000", paramLabel = "N",
            description = "Subscribers who are members, each with --alerts saved alerts.") int members;

    @Option(names = "--alerts", defaultValue = "3", paramLabel = "N") int alerts;

    @Option(names = "--queue-only", description = "Only queue: neither the delivery nor the bare loop.")
    boolean queueOnly;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Where to make the store (default: a temp dir).")
    Path scratch;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = scratch != null ? scratch : Files.createTempDirectory("paperboy-digests-");
        Settings settings = Settings.defaults().with(Key.DATA_DIR, dir.toString()).with(Key.EMBEDDING_PROVIDER, "none")
                .with(Key.HTTP_PUBLIC_URL, "https://papers.example.org")
                .with(Key.MAIL_FROM, "Paperboy <papers@example.org>").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_PORT, String.valueOf(smtpPort)).with(Key.MAIL_SMTP_HOST, "127.0.0.1");
        try (Paperboy paperboy = Paperboy.open(settings)) {
            long setup = System.nanoTime();
            new DigestBenchStore(paperboy, 42).fill(corpus, DAY, papers, subscribers, members, alerts);
            System.err.printf(Locale.ROOT, "store filled in %.1f s%n", (System.nanoTime() - setup) / 1e9);
            HeapPeak heap = HeapPeak.start();

            long start = System.nanoTime();
            DigestRun.Summary summary = paperboy.digestRun().run(DAY, false);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            long buildHeap = heap.takePeak();

            int sent = summary.queued();
            String line = String.format(Locale.ROOT, "digests=%d empty=%d failed=%d build_s=%.2f build_per_s=%.0f "
                    + "heap_build_mb=%.0f", sent, summary.skippedEmpty(), summary.failed(), buildSeconds,
                    sent / buildSeconds, buildHeap / 1048576.0);
            DeliveryReport report = null;
            if (!queueOnly) {
                start = System.nanoTime();
                report = OutboxDelivery.of(settings, paperboy.database()).deliverDue(() -> false, r -> { });
                double sendSeconds = (System.nanoTime() - start) / 1e9;
                long sendHeap = heap.takePeak();
                double rawSeconds = bareLoop(paperboy, settings, sent);
                System.err.println(report.summary());
                line += String.format(Locale.ROOT, " sent=%d send_s=%.2f send_per_s=%.1f heap_send_mb=%.0f raw_s=%.2f "
                        + "raw_per_s=%.1f", report.count(DeliveryReport.Outcome.SENT), sendSeconds, sent / sendSeconds,
                        sendHeap / 1048576.0, rawSeconds, sent / rawSeconds);
            }
            heap.stop();
            System.err.println(summary.line());
            System.out.println(line + String.format(Locale.ROOT, " rss_peak_mb=%.0f", rssHighWater() / 1048576.0));
            return summary.failed() > 0 || report != null && report.stoppedBecause() != null ? 1 : 0;
        }
    }

    /** Seconds to send {@code count} pre-built digests (the first subscribers' few, over and over) with Transport.send. */
    private static double bareLoop(Paperboy paperboy, Settings settings, int count) {
        List<MimeMessage> prebuilt = new ArrayList<>();
        jakarta.mail.Session session = smtpSession(settings);
        try {
            for (Subscription subscription : paperboy.subscriptions().confirmed()) {
                if (prebuilt.size() == REFERENCE_DISTINCT) {
                    break;
                }
                var digest = paperboy.digestBuilder().build(subscription, new DigestPeriod(Frequency.DAILY, DAY));
                if (digest.isPresent()) {
                    prebuilt.add(DigestCommands.Preview.mime(digest.get(), settings, session));
                }
            }
        } catch (MessagingException e) {
            throw new CommandFailedException("cannot build the reference messages: " + e.getMessage());
        }
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                Transport.send(prebuilt.get(i % prebuilt.size()));
            }
        } catch (MessagingException e) {
            throw new CommandFailedException("the bare SMTP loop failed: " + e.getMessage());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A session that connects as the outbox's sender does (timeouts, socket options), without the outbox. */
    private static jakarta.mail.Session smtpSession(Settings settings) {
        java.util.Properties properties = org.paperboy.mail.MailSender.sessionProperties(settings);
        properties.put("mail.smtp.host", settings.get(Key.MAIL_SMTP_HOST));
        properties.put("mail.smtp.port", settings.get(Key.MAIL_SMTP_PORT));
        return jakarta.mail.Session.getInstance(properties);
    }

    /** The process's peak resident set (VmHWM), or 0 where /proc does not say. */
    private static long rssHighWater() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
    }

    /** Samples the heap in use every 20 ms; {@link #takePeak} gives the highest since the last call. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;

        private HeapPeak(Thread sampler) {
            this.sampler = sampler;
        }

        static HeapPeak start() {
            HeapPeak[] self = new HeapPeak[1];
            Thread sampler = Thread.ofPlatform().daemon().name("heap-peak").unstarted(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (!Thread.currentThread().isInterrupted()) {
                    self[0].peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            self[0] = new HeapPeak(sampler);
            sampler.start();
            return self[0];
        }

        long takePeak() {
            return peak.getAndSet(0);
        }

        void stop() {
            sampler.interrupt();
        }
    }
}
