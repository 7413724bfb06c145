package org.paperboy.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.ingest.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the whole catalog in Paperboy's own JSON-lines format (gzipped if FILE ends in .gz).",
                "The file appears only when complete. '-' writes to standard output."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write, or - for standard output.")
    String file;

    @Override
    public Integer call() throws Exception {
        try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
            Exporter exporter = new Exporter(paperboy.catalog());
            if (file.equals("-")) {
                exporter.write(System.out);
            } else {
                long count = exporter.exportTo(Path.of(file));
                System.err.printf("exported %,d papers to %s%n", count, file);
            }
            return 0;
        }
    }
}
