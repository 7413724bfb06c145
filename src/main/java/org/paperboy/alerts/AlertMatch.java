package org.paperboy.alerts;

import java.time.Instant;
import org.paperboy.catalog.PaperId;

/** A paper an alert found for its member: one per (member, paper), with the reason shown beside it. */
public record AlertMatch(PaperId paperId, long alertId, String alertName, double score, String why, Instant matchedAt) {}
