package org.paperboy.search;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;

/**
 * The bookkeeping kept in each commit's user data, with the documents it describes: the last catalog change applied,
 * the store the index follows, and the document format.
 */
record CommitData(long appliedSeq, String storeEpoch) {

    /** A new or emptied index: nothing applied, following no store yet. */
    static final CommitData EMPTY = new CommitData(0, null);

    private static final String APPLIED_SEQ = "paperboy.appliedSeq";
    private static final String STORE_EPOCH = "paperboy.storeEpoch";
    private static final String FORMAT = "paperboy.indexFormat";

    /** What the writer's next commit records, as its last commit left it or as set since. */
    static CommitData live(IndexWriter writer) {
        return of(liveData(writer));
    }

    /** Whether the writer's index holds documents of the {@linkplain IndexDocuments#FORMAT current format}. */
    static boolean currentFormat(IndexWriter writer) {
        return IndexDocuments.FORMAT.equals(liveData(writer).get(FORMAT));
    }

    /** The last commit in {@code directory}, whoever wrote it. */
    static CommitData latest(Directory directory) throws IOException {
        return of(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    /** Records this, in the current format, with the writer's next commit. */
    void setOn(IndexWriter writer) {
        writer.setLiveCommitData(userData().entrySet());
    }

    private Map<String, String> userData() {
        Map<String, String> data = new HashMap<>(
                Map.of(APPLIED_SEQ, Long.toString(appliedSeq), FORMAT, IndexDocuments.FORMAT));
        if (storeEpoch != null) {
            data.put(STORE_EPOCH, storeEpoch);
        }
        return data;
    }

    private static CommitData of(Map<String, String> data) {
        return new CommitData(Long.parseLong(data.getOrDefault(APPLIED_SEQ, "0")), data.get(STORE_EPOCH));
    }

    private static Map<String, String> liveData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }
}
