package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paperboy.app.SiteMonitor;
import org.paperboy.app.SiteStatus;
import org.paperboy.ingest.arxiv.HarvestState;
import org.paperboy.ingest.arxiv.ListingReads;

/**
 * {@code /healthz}, for load balancers and monitoring: 200 with "ok", else 503 with why ("starting", "index
 * stalled", "harvest stale"; see {@link SiteStatus#health()}), and the figures behind it. Polled often, so it reads the
 * store at most every few seconds ({@link SiteMonitor#current()}).
 */
final class HealthCheck {

    private final SiteMonitor monitor;

    HealthCheck(SiteMonitor monitor) {
        this.monitor = monitor;
    }

    void handle(Context ctx) {
        SiteStatus status = monitor.current();
        ctx.status(status.healthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body(status));
    }

    /** Times as ISO-8601 text, days as YYYY-MM-DD; what is unknown is null. */
    static Map<String, Object> body(SiteStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.health());
        body.put("papers", status.papers());
        body.put("semanticIndex", status.vectors().label());
        body.put("index", status.index());
        body.put("arxiv", arxiv(status.arxiv()));
        body.put("newestAnnouncedDay", text(status.newestAnnouncedDay()));
        body.put("vectorsWaiting", status.vectors().waiting());
        return body;
    }

    private static Map<String, Object> arxiv(SiteStatus.Arxiv arxiv) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("harvest", arxiv.harvesting());
        json.put("stale", arxiv.stale());
        json.put("staleAfterHours", arxiv.staleAfterHours());
        json.put("nextHarvest", text(arxiv.nextHarvest()));
        json.put("sets", arxiv.sets().stream().map(HealthCheck::set).toList());
        json.put("lastListingRead", arxiv.lastListing() == null ? null : listing(arxiv.lastListing()));
        return json;
    }

    private static Map<String, Object> set(SiteStatus.SetStatus set) {
        HarvestState.LastRun run = set.lastRun();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", set.set());
        json.put("configured", set.configured());
        json.put("stale", set.stale());
        json.put("lastCompletedDay", text(set.lastCompletedDay()));
        json.put("lastCompletedAt", text(set.lastCompletedAt()));
        json.put("lastRun", run == null ? null : run.outcome());
        json.put("lastRunEndedAt", run == null ? null : text(run.endedAt()));
        json.put("lastError", run == null ? null : run.error());
        return json;
    }

    private static Map<String, Object> listing(ListingReads.LastRead read) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("feed", read.feed());
        json.put("at", text(read.attemptedAt()));
        json.put("day", text(read.day()));
        json.put("error", read.error());
        return json;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String text(LocalDate day) {
        return day == null ? null : day.toString();
    }
}
