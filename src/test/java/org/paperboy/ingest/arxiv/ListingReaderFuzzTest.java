package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fuzzes the announcement feed's reader with any bytes: it returns the listing's entries and per-entry problems, or
 * refuses the document with a {@link MalformedResponseException}; anything else escaping is a finding.
 * Seeds: {@code ListingReaderFuzzTestInputs/<method>/} (a real feed); fuzzed by {@code bench/fuzz.sh}.
 */
class ListingReaderFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-08-20T12:00:00Z"), ZoneOffset.UTC);

    @FuzzTest
    void readsOrRefuses(@NotNull byte[] feed) throws IOException {
        ListingReader.Listing listing;
        try {
            listing = new ListingReader(CLOCK).read(new ByteArrayInputStream(feed));
        } catch (MalformedResponseException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(listing.entries()).allSatisfy(entry -> {
            assertThat(entry.paper().isArxiv()).isTrue();
            assertThat(entry.version()).isPositive();
            assertThat(entry.day()).isBeforeOrEqualTo(CLOCK.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(2));
        });
        assertThat(listing.problems()).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
    }
}
