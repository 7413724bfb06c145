package org.paperboy.community;

import java.time.Instant;
import java.time.LocalDate;
import org.paperboy.catalog.PaperId;

/** A paper put on a day's community feed by a member. */
public record Submission(long id, PaperId paperId, LocalDate feedDay, long submittedBy, Instant submittedAt) {}
