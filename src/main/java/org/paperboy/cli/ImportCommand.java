package org.paperboy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.ingest.BeirCorpusFormat;
import org.paperboy.ingest.ImportReport;
import org.paperboy.ingest.Importer;
import org.paperboy.ingest.RecordFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports papers from JSON-lines files (plain or .gz) into the catalog.",
                "Re-importing a file changes nothing; a newer version of a paper updates it.",
                "Bad records are skipped and listed with file and line; the rest is imported."})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import, in order.")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (detect per file), paperboy (own export format), arxiv-snapshot "
                    + "(arxiv-metadata-oai-snapshot.json lines) or beir (BEIR corpus.jsonl). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = BeirCorpusFormat.DEFAULT_NAMESPACE,
            description = "For BEIR corpora: ids that are not arXiv ids become NAME:id. Default: ${DEFAULT-VALUE}.")
    String namespace;

    @Option(names = "--list-skipped", paramLabel = "N", defaultValue = "20",
            description = "How many skipped records, and how many warnings, to list in the summary. "
                    + "Default: ${DEFAULT-VALUE}.")
    int listSkipped;

    @Override
    public Integer call() throws Exception {
        RecordFormat recordFormat;
        try {
            recordFormat = switch (format) {
                case "auto" -> null;
                case "beir" -> new BeirCorpusFormat(namespace);
                default -> RecordFormat.named(format);
            };
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage()); // one line naming the known formats, not a stack trace
        }
        try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
            long start = System.nanoTime();
            ImportReport report = new Importer(paperboy.catalog()).importFiles(files, recordFormat, new ProgressReporter());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(report.summary(listSkipped));
            System.out.printf("%.1f s, %,.0f records/s%n", seconds, report.read() / Math.max(seconds, 1e-9));
            return 0;
        }
    }
}
