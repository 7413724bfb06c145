package org.paperboy.migrate;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The content of a table as one number: the sum of its rows' SHA-256 digests (modulo 2^256) and the row count. A sum
 * does not depend on the order rows are read in, so SQLite and PostgreSQL need not sort text the same way.
 */
final class RowChecksum {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final List<Table.Column> columns;
    private final MessageDigest digest;
    private BigInteger sum = BigInteger.ZERO;
    private long rows;

    RowChecksum(Table table) {
        this.columns = table.columns();
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void add(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            columns.get(i).kind().digest(digest, row[i]);
        }
        sum = sum.add(new BigInteger(1, digest.digest())).mod(MODULUS);
        rows++;
    }

    long rows() {
        return rows;
    }

    boolean sameAs(RowChecksum other) {
        return rows == other.rows && sum.equals(other.sum);
    }
}
