package org.paperboy.ingest.arxiv;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the harvest of each arXiv set stands, in the store (table {@code harvest_state}): the last completed day, from
 * which the next incremental harvest starts, and what the last run did. A run is written when it starts and again when
 * it ends; the completed day moves only when a run has stored its last batch, and only forward. Nothing here is a
 * lock: a run killed on the way leaves "running" behind, and the next run simply starts.
 */
public final class HarvestState {

    private static final Logger log = LoggerFactory.getLogger(HarvestState.class);

    private static final String COLUMNS = "set_spec, last_completed_day, last_completed_at, run_from, run_until, run_started_at, "
            + "run_ended_at, run_outcome, run_records, run_added, run_updated, run_unchanged, run_older, run_skipped, "
            + "run_requests, run_waited_ms, run_error";

    /**
     * One set's state.
     *
     * @param lastCompletedDay where the next incremental harvest starts from (less a day); null before the first
     *                         completed harvest
     * @param lastCompletedAt  when the last completed harvest that reached the present ended: how fresh the catalog is
     * @param lastRun          the last run, whatever its outcome
     */
    public record SetState(String set, LocalDate lastCompletedDay, Instant lastCompletedAt, LastRun lastRun) {}

    /**
     * The last run of a set as stored.
     *
     * @param outcome {@code running} (or killed on the way), {@code completed}, {@code failed} or {@code stopped}
     * @param endedAt null while it runs, or when it was killed
     * @param error   why it failed, in plain words; null otherwise
     */
    public record LastRun(LocalDate from, LocalDate until, Instant startedAt, Instant endedAt, String outcome,
                          long records, long added, long updated, long unchanged, long olderThanStored, long skipped,
                          long requests, long waitedMillis, String error) {}

    private final Database database;

    public HarvestState(Database database) {
        this.database = database;
    }

    public Optional<SetState> find(String set) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM harvest_state WHERE set_spec = ?")) {
                s.setString(1, set);
                List<SetState> found = states(s);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    /** Every set harvested so far, by set spec. */
    public List<SetState> all() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM harvest_state ORDER BY set_spec")) {
                return states(s);
            }
        });
    }

    /** Records that a run of {@code set} begins, keeping the set's completed day. */
    public void started(String set, LocalDate from, LocalDate until, Instant at) {
        database.inTransaction(c -> {
            Optional<SetState> before = find(c, set);
            before.map(SetState::lastRun).filter(run -> run.outcome().equals(HarvestReport.Outcome.RUNNING.label()))
                    .ifPresent(run -> log.warn("the harvest of set {} started at {} did not end (the process was "
                            + "killed?); its stored batches stay, this run reads the rest", set, run.startedAt()));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO harvest_state (" + COLUMNS + ") "
                    + "VALUES (?, NULL, NULL, ?, ?, ?, NULL, ?, 0, 0, 0, 0, 0, 0, 0, 0, NULL) ON CONFLICT (set_spec) DO UPDATE SET "
                    + "run_from = excluded.run_from, run_until = excluded.run_until, "
                    + "run_started_at = excluded.run_started_at, run_ended_at = NULL, run_outcome = excluded.run_outcome, "
                    + "run_records = 0, run_added = 0, run_updated = 0, run_unchanged = 0, run_older = 0, "
                    + "run_skipped = 0, run_requests = 0, run_waited_ms = 0, run_error = NULL")) {
                s.setString(1, set);
                s.setString(2, from.toString());
                setDay(s, 3, until);
                s.setLong(4, at.toEpochMilli());
                s.setString(5, HarvestReport.Outcome.RUNNING.label());
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records how a run ended. A completed run moves the set's completed day forward to where its listing reached,
     * when its range joins what was harvested before (see {@link #nextCompletedDay}).
     */
    public void ended(HarvestReport report, Instant at) {
        database.inTransaction(c -> {
            LocalDate current = find(c, report.set()).map(SetState::lastCompletedDay).orElse(null);
            boolean completed = report.outcome() == HarvestReport.Outcome.COMPLETED;
            LocalDate next = completed
                    ? nextCompletedDay(current, report.from(), report.until(), report.responseDay()) : current;
            boolean upToDate = completed && next != null && next.equals(report.responseDay());
            try (PreparedStatement s = c.prepareStatement("UPDATE harvest_state SET last_completed_day = ?, "
                    + "last_completed_at = " + (upToDate ? "?" : "last_completed_at") + ", "
                    + "run_ended_at = ?, run_outcome = ?, run_records = ?, run_added = ?, run_updated = ?, "
                    + "run_unchanged = ?, run_older = ?, run_skipped = ?, run_requests = ?, run_waited_ms = ?, "
                    + "run_error = ? WHERE set_spec = ?")) {
                int i = 1;
                setDay(s, i++, next);
                if (upToDate) {
                    s.setLong(i++, at.toEpochMilli());
                }
                s.setLong(i++, at.toEpochMilli());
                s.setString(i++, report.outcome().label());
                s.setLong(i++, report.records());
                s.setLong(i++, report.added());
                s.setLong(i++, report.updated());
                s.setLong(i++, report.unchanged());
                s.setLong(i++, report.olderThanStored());
                s.setLong(i++, report.skipped());
                s.setLong(i++, report.requests());
                s.setLong(i++, report.waited().toMillis());
                s.setString(i++, report.error());
                s.setString(i, report.set());
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The completed day after a completed harvest of {@code from}–{@code until} answered on {@code responseDay}. The
     * listing reached {@code responseDay}, or the day after {@code until} when that is earlier. It becomes the new
     * completed day only if it is later than the current one and the harvest began no later than the current one (no
     * gap between what was harvested before and this); a set without one takes it only from a harvest that reached
     * the present, so that a backfill of old days does not stand in for the first harvest.
     */
    static LocalDate nextCompletedDay(LocalDate current, LocalDate from, LocalDate until, LocalDate responseDay) {
        boolean toPresent = until == null || !until.isBefore(responseDay);
        LocalDate reached = toPresent ? responseDay : until.plusDays(1);
        if (current == null) {
            return toPresent ? reached : null;
        }
        return !from.isAfter(current) && reached.isAfter(current) ? reached : current;
    }

    private Optional<SetState> find(Connection c, String set) throws SQLException {
        String lock = database.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM harvest_state WHERE set_spec = ?" + lock)) {
            s.setString(1, set);
            List<SetState> found = states(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<SetState> states(PreparedStatement s) throws SQLException {
        List<SetState> states = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                states.add(new SetState(rs.getString("set_spec"), day(rs.getString("last_completed_day")),
                        instant(rs, "last_completed_at"),
                        new LastRun(day(rs.getString("run_from")), day(rs.getString("run_until")),
                                instant(rs, "run_started_at"), instant(rs, "run_ended_at"), rs.getString("run_outcome"),
                                rs.getLong("run_records"), rs.getLong("run_added"), rs.getLong("run_updated"),
                                rs.getLong("run_unchanged"), rs.getLong("run_older"), rs.getLong("run_skipped"),
                                rs.getLong("run_requests"), rs.getLong("run_waited_ms"), rs.getString("run_error"))));
            }
        }
        return states;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static LocalDate day(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static void setDay(PreparedStatement s, int index, LocalDate day) throws SQLException {
        if (day == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, day.toString());
        }
    }
}
