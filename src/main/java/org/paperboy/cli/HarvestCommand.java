package org.paperboy.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.Harvest;
import org.paperboy.ingest.arxiv.HarvestReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "harvest", mixinStandardHelpOptions = true,
        description = {"Harvests new and changed papers from arXiv's OAI-PMH interface into the catalog, in the foreground.",
                "Without --from: each set from where the last completed harvest left it (a day of overlap), or "
                        + Harvest.FIRST_HARVEST_DAYS + " days back the first time.",
                "With --from (and --until): those days (UTC, inclusive), e.g. to fill a gap.",
                "Ctrl+C stops after the batch in flight is stored; running it again completes the harvest."})
final class HarvestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day of records changed (default: from the harvest state).")
    LocalDate from;

    @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Last day of records changed (default: today); needs --from.")
    LocalDate until;

    @Option(names = "--set", paramLabel = "SET", description = "An arXiv set to harvest (cs, math, physics:hep-th, "
            + "cs:cs:AI); repeat for several. Default: the setting arxiv.sets.")
    List<String> sets;

    @Override
    public Integer call() {
        checkDays();
        Settings settings = config.resolve(Map.of());
        if (sets != null) {
            settings = settings.with(Settings.Key.ARXIV_SETS, String.join(",", sets)); // validated like the setting
        }
        List<HarvestReport> reports = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM, Ctrl+C: let the batch in flight be stored, the run be recorded as stopped and the store closed.
            stopping.set(true);
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harvest-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Paperboy paperboy = Paperboy.open(settings);
             HarvestProgress progress = new HarvestProgress()) {
            Harvest harvest = new Harvest(settings, paperboy.database(), paperboy.catalog()).withListener(progress);
            for (String set : settings.arxivSets()) {
                if (stopping.get()) {
                    break;
                }
                progress.start(set);
                HarvestReport report = from == null ? harvest.incremental(set, stopping::get)
                        : harvest.backfill(set, from, until, stopping::get);
                progress.finish();
                reports.add(report);
                System.out.println(HarvestSummary.of(report));
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
        return exitCode(reports);
    }

    private void checkDays() {
        if (until != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--until needs --from");
        }
        if (from != null && until != null && from.isAfter(until)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is after --until " + until);
        }
        if (from != null && from.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is in the future");
        }
    }

    private static int exitCode(List<HarvestReport> reports) {
        List<String> failures = reports.stream().filter(r -> r.outcome() == HarvestReport.Outcome.FAILED)
                .map(r -> "the harvest of set " + r.set() + " failed: " + r.error()).toList();
        if (!failures.isEmpty()) {
            throw new CommandFailedException(String.join("; ", failures));
        }
        if (reports.stream().anyMatch(r -> r.outcome() == HarvestReport.Outcome.STOPPED)) {
            throw new CommandFailedException("stopped before the end; run paperboy harvest again to complete it");
        }
        return 0;
    }
}
