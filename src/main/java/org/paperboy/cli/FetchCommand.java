package org.paperboy.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.arxiv.ArxivFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetches papers from arXiv by id and stores them in the catalog.",
                "Asks arXiv's OAI-PMH interface, then its search API for papers too new for OAI.",
                "Prints one line per id: added, updated, unchanged, not on arXiv, or error and why."})
final class FetchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(arity = "1..*", paramLabel = "ID",
            description = "arXiv ids or links: 2503.11731, 2503.11731v2, hep-th/9901001, https://arxiv.org/abs/2503.11731.")
    List<String> ids;

    // Someone waits on the command, as on a submission, but can wait longer than a web page should.
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "The longest one request to arXiv may take, retries included. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (timeoutSeconds < 1) {
            throw new CommandFailedException("--timeout must be at least 1 second");
        }
        List<PaperId> wanted = ids.stream().map(FetchCommand::parse).toList();
        try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
            ArxivFetcher fetcher = ArxivFetcher.open(paperboy.database(), paperboy.settings(), paperboy.catalog(),
                    Duration.ofSeconds(timeoutSeconds));
            List<ArxivFetcher.Outcome> outcomes = fetcher.fetch(wanted);
            outcomes.forEach(outcome -> System.out.printf("%-18s %s%n", outcome.id(), describe(outcome)));
            long missed = outcomes.stream().filter(outcome -> !(outcome instanceof ArxivFetcher.Found)).count();
            if (missed > 0) {
                throw new CommandFailedException(missed + " of " + outcomes.size() + " papers could not be fetched");
            }
            return 0;
        }
    }

    private static PaperId parse(String given) {
        return PaperId.tryParseArxiv(given).map(PaperId.Versioned::id).orElseThrow(() -> new CommandFailedException(
                "'" + PaperId.abbreviate(given) + "' is not an arXiv id (e.g. 2503.11731 or hep-th/9901001); nothing fetched"));
    }

    private static String describe(ArxivFetcher.Outcome outcome) {
        return switch (outcome) {
            case ArxivFetcher.Found found -> found.change().name().toLowerCase(java.util.Locale.ROOT)
                    + "  v" + found.paper().version() + "  " + found.paper().title();
            case ArxivFetcher.NotOnArxiv notOnArxiv -> "not on arXiv";
            case ArxivFetcher.Unreachable unreachable -> "error: " + unreachable.message();
            case ArxivFetcher.Unusable unusable -> "error: " + unusable.message();
        };
    }
}
