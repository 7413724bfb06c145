package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request threads: as configured, or 8 per core and at least 16. */
class HttpThreadsTest {

    @Test
    void configuredOrFromTheCores() {
        assertThat(HttpThreads.pool(64).getMaxThreads()).isEqualTo(64);
        assertThat(HttpThreads.pool(0).getMaxThreads()).isEqualTo(Math.max(HttpThreads.MIN_THREADS,
                HttpThreads.THREADS_PER_CORE * Runtime.getRuntime().availableProcessors()));
    }
}
