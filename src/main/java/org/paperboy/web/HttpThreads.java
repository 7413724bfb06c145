package org.paperboy.web;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's request threads: 8 per core, at least 16, unless {@code http.threads} says otherwise. Javalin's default
 * pool grows to 250 threads, so under load every open connection had a thread of its own and the scheduler
 * time-sliced them all: on two cores, 64 connections meant 64 runnable threads, each request's CPU time spread over many slices, and a latency tail several times the mean.
 * With fewer threads the other requests wait in Jetty's queue, in arrival order, instead of on the CPU: the same
 * throughput and a shorter tail (docs/benchmarks.md, "Web pages under load").
 *
 * <p>Why not fewer still (4 per core shortened the daily page's tail further): at most this many requests run at
 * once, and a queue is first come, first served, so a burst of slow requests (hybrid searches, ~25 ms of CPU each; a
 * query embedding from a remote endpoint, {@code embedding.provider=openai}, waiting on the network) would hold up
 * every cheap page behind it.
 */
final class HttpThreads {

    /** Jetty takes two of them (acceptor and selector); the rest serve requests. */
    static final int MIN_THREADS = 16;
    static final int THREADS_PER_CORE = 8;

    private HttpThreads() {}

    /** @param configured the {@code http.threads} setting: a thread count, or 0 for the default */
    static QueuedThreadPool pool(int configured) {
        int max = configured > 0 ? configured
                : Math.max(MIN_THREADS, THREADS_PER_CORE * Runtime.getRuntime().availableProcessors());
        QueuedThreadPool pool = new QueuedThreadPool(max, 8, 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }
}
