package org.paperboy.app;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.paperboy.ingest.arxiv.HarvestState;
import org.paperboy.ingest.arxiv.ListingReads;
import org.paperboy.schedule.JobStatus;
import org.paperboy.search.IndexHealth;

/**
 * Where a running site stands, as its admin page and {@code /healthz} both show it (taken by {@link SiteMonitor}), so
 * that the two never disagree: whether new papers arrive from arXiv, how far the catalog reaches, and whether search
 * keeps up with it.
 *
 * @param at                 when this status was taken
 * @param ready              whether the server has warmed up ({@link Paperboy#ready()})
 * @param papers             papers in the catalog
 * @param newestAnnouncedDay the newest day the catalog has announced papers of; null when it has none
 */
public record SiteStatus(Instant at, boolean ready, Arxiv arxiv, long papers, LocalDate newestAnnouncedDay,
                         Vectors vectors, IndexHealth.Status index) {

    /** The scheduled job that harvests arXiv's sets. */
    public static final String HARVEST_JOB = ArxivJobs.HARVEST;
    /** The scheduled job that reads arXiv's announcement feeds. */
    public static final String LISTING_JOB = ArxivJobs.LISTINGS;

    /**
     * The site's health in a word, as {@code /healthz} says it; anything but "ok" is unhealthy. The first that holds
     * wins: "starting" (warming up), "index stalled" (search no longer follows the catalog), "index unreachable"
     * (this node cannot read the search index: a cluster it cannot reach), "harvest stale" (no
     * harvest has completed for {@code arxiv.stale-after} hours), "ok".
     */
    public String health() {
        if (!ready) {
            return "starting";
        }
        if (index.stalled()) {
            return "index stalled";
        }
        if (index.unreachable()) {
            return "index unreachable";
        }
        return arxiv.stale() ? "harvest stale" : "ok";
    }

    public boolean healthy() {
        return health().equals("ok");
    }

    /**
     * The harvest and the announcement feeds.
     *
     * @param harvesting        {@code arxiv.harvest} on this server
     * @param staleAfterHours   {@code arxiv.stale-after}; 0: a harvest is never stale
     * @param sets              the sets of {@code arxiv.sets}, then any other set harvested before
     * @param jobs              the scheduled jobs of the store, whichever node runs them (empty while closing)
     * @param schedulerRunsHere whether this server runs the scheduler, so that a job can be started from here
     * @param lastListing       the last read of an announcement feed; null if none was ever read
     */
    public record Arxiv(boolean harvesting, long staleAfterHours, List<SetStatus> sets, List<JobStatus> jobs,
                        boolean schedulerRunsHere, ListingReads.LastRead lastListing) {

        /** Whether a set of {@code arxiv.sets} has gone without a completed harvest for too long. */
        public boolean stale() {
            return sets.stream().anyMatch(SetStatus::stale);
        }

        public List<String> staleSets() {
            return sets.stream().filter(SetStatus::stale).map(SetStatus::set).toList();
        }

        public Optional<JobStatus> job(String name) {
            return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
        }

        /** When the harvest is due next; null when no node has scheduled it. */
        public Instant nextHarvest() {
            return job(HARVEST_JOB).map(JobStatus::nextRun).orElse(null);
        }

        /** The most recent failure still standing: a set whose last run failed, or a feed whose last read did. */
        public Optional<Problem> lastError() {
            Stream<Problem> harvests = sets.stream()
                    .filter(set -> set.lastRun() != null && set.lastRun().error() != null)
                    .map(set -> new Problem("the harvest of set " + set.set(), set.lastRunEnd(), set.lastRun().error()));
            Stream<Problem> listing = Stream.ofNullable(lastListing).filter(read -> read.error() != null)
                    .map(read -> new Problem("the announcement feed " + read.feed(), read.attemptedAt(), read.error()));
            return Stream.concat(harvests, listing).max(Comparator.comparing(Problem::at));
        }
    }

    /**
     * One arXiv set.
     *
     * @param configured  whether {@code arxiv.sets} names it; only those can be stale
     * @param state       what the store keeps of its harvests; null before the first
     * @param freshSince  what staleness counts from: when its last completed harvest ended, or when the server
     *                    started if none has completed since it was configured
     * @param stale       whether {@code freshSince} is more than {@code arxiv.stale-after} hours ago
     */
    public record SetStatus(String set, boolean configured, HarvestState.SetState state, Instant freshSince,
                            boolean stale) {

        public LocalDate lastCompletedDay() {
            return state == null ? null : state.lastCompletedDay();
        }

        public Instant lastCompletedAt() {
            return state == null ? null : state.lastCompletedAt();
        }

        public HarvestState.LastRun lastRun() {
            return state == null ? null : state.lastRun();
        }

        /** When the last run ended, or began if it has not ended (it runs, or was killed). */
        Instant lastRunEnd() {
            HarvestState.LastRun run = lastRun();
            return run.endedAt() != null ? run.endedAt() : run.startedAt();
        }
    }

    /**
     * The papers' vectors, which semantic search needs.
     *
     * @param label     "semantic index: 4,300 / 10,000", or why there is none
     * @param waiting   papers without a current vector; null when unknown (no model, or not loaded yet)
     * @param lastError the embedding job's last failure, or null
     */
    public record Vectors(String label, Long waiting, String lastError) {}

    /** A failure in plain words: what failed, when, and why. */
    public record Problem(String what, Instant at, String message) {}
}
