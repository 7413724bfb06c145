package org.paperboy.ingest.arxiv;

import java.time.Instant;
import java.util.List;

/**
 * What an OAI-PMH response said besides its records, which went to the reader's consumer one by one.
 *
 * @param responseDate    when the repository answered: the next incremental harvest starts from this day
 * @param resumptionToken the token for the next page; null or empty when this page is the last
 * @param errors          the OAI errors the repository answered with instead of records (none when it gave records)
 * @param records         how many records went to the consumer
 * @param problems        how many records were reported and skipped
 */
public record OaiResponse(Instant responseDate, String resumptionToken, List<OaiError> errors, int records, int problems) {

    public OaiResponse {
        errors = List.copyOf(errors);
    }

    /** Whether another page follows: OAI-PMH ends a list with an empty resumptionToken, or with none. */
    public boolean hasMore() {
        return resumptionToken != null && !resumptionToken.isBlank();
    }

    /** Whether the repository answered with this error (e.g. noRecordsMatch: an empty harvest, not a failure). */
    public boolean hasError(OaiError.Code code) {
        return errors.stream().anyMatch(e -> e.code() == code);
    }
}
