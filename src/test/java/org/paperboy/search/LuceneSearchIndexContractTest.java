package org.paperboy.search;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The search contract on the embedded Lucene index, in a real directory. */
class LuceneSearchIndexContractTest extends SearchIndexContract {

    @TempDir
    Path dir;

    @Override
    protected SearchIndex newIndex() {
        return LuceneSearchIndex.open(dir);
    }

    @Override
    protected SearchIndex reopen(SearchIndex old) {
        old.close();
        return LuceneSearchIndex.open(dir);
    }
}
