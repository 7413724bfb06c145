package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.paperboy.app.SiteMonitor;
import org.paperboy.app.SiteStatus;
import org.paperboy.mail.OutboxStatus;
import org.paperboy.schedule.JobStatus;
import org.paperboy.schedule.Scheduler;

/**
 * The admin page, {@code /admin}: the site's status as {@code /healthz} has it, in full and read fresh, buttons that
 * run a scheduled job now, and the mail outbox. Admins only.
 */
final class AdminPages {

    private final SiteMonitor monitor;
    private final Supplier<Scheduler> scheduler;
    private final OutboxStatus outbox;

    AdminPages(SiteMonitor monitor, Supplier<Scheduler> scheduler, OutboxStatus outbox) {
        this.monitor = monitor;
        this.scheduler = scheduler;
        this.outbox = outbox;
    }

    /** {@code GET /admin}; {@code ?started=JOB} after a job was started from it. */
    void page(Context ctx) {
        requireAdmin(ctx);
        SiteStatus status = monitor.fresh();
        String started = ctx.queryParam("started");
        String notice = started != null && status.arxiv().job(started).isPresent()
                ? started + " is due now: this server starts it within seconds. Reload the page to follow it." : null;
        render(ctx, status, notice, null);
    }

    /** {@code POST /admin/jobs/{name}/run}: makes the job due at once. */
    void runJob(Context ctx) {
        requireAdmin(ctx);
        String name = ctx.pathParam("name");
        if (!monitor.fresh().arxiv().schedulerRunsHere()) {
            throw new HttpError(HttpStatus.CONFLICT, "this server does not run the scheduled jobs (arxiv.harvest=false), "
                    + "so it cannot start one; start it from a server that runs them, or use paperboy harvest");
        }
        boolean started;
        try {
            started = scheduler.get().runNow(name);
        } catch (IllegalArgumentException unknown) {
            throw HttpError.notFound("there is no scheduled job '" + Text.abbreviate(name, 100) + "'");
        }
        if (started) {
            ctx.redirect("/admin?started=" + Text.url(name), HttpStatus.SEE_OTHER);
            return;
        }
        SiteStatus status = monitor.fresh();
        String where = status.arxiv().job(name).map(JobStatus::runningOn).map(node -> " on " + node).orElse("");
        WebServer.formRefused(ctx, HttpStatus.CONFLICT);
        render(ctx, status, null, name + " is running now" + where + "; it was not started again. It shows here "
                + "once it has finished.");
    }

    private void render(Context ctx, SiteStatus status, String notice, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", status);
        model.put("outbox", outbox.read(status.at()));
        model.put("notice", notice);
        model.put("error", error);
        Pages.render(ctx, "admin.jte", model);
    }

    /** Visitors are sent to the login form; members who are not admins are refused. */
    private static void requireAdmin(Context ctx) {
        if (!Auth.requireUser(ctx).role().canManageMembers()) {
            throw new HttpError(HttpStatus.FORBIDDEN, "only an admin can see the site's status");
        }
    }
}
