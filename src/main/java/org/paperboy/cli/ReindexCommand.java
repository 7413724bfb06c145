package org.paperboy.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.app.Paperboy;
import org.paperboy.search.IndexSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = {"Rebuilds the search index from the catalog (and the stored embeddings).",
                "search.engine=lucene: stop the server first, only one process can write the index.",
                "search.engine=opensearch: servers may run; a new index is filled beside the one they search and "
                        + "takes over the alias in one step when complete."})
final class ReindexCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
            if (paperboy.searchIndex().readOnly()) {
                throw new CommandFailedException("the search index is in use by a running Paperboy server; stop it first");
            }
            IndexSync sync = paperboy.indexSync();
            long last = paperboy.catalog().lastChangeSeq();
            long start = System.nanoTime();
            long indexed;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(last)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" changes", 1).build()) {
                indexed = sync.rebuild(bar::stepTo);
                bar.stepTo(last);
            }
            if (!paperboy.searchIndex().sharedByCluster()) {
                // an OpenSearch rebuild was merged before it took the alias over
                System.out.println("merging segments ...");
                paperboy.searchIndex().forceMerge(1);
            }
            System.out.printf("indexed %,d papers in %.1f s%n", indexed, (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}
