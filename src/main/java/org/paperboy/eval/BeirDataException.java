package org.paperboy.eval;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An evaluation data file (BEIR queries, qrels, corpus) that cannot be used as it is; the message names the file and,
 * where one is at fault, the line: {@code qrels/train.tsv:17: score 'x' is not an integer}.
 */
public final class BeirDataException extends IOException {

    public BeirDataException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }

    public BeirDataException(Path file, String problem) {
        this(file, 0, problem);
    }
}
