package org.paperboy.alerts;

import java.util.List;

/** One alert's matches in a period, for a digest: a heading (the alert's name) and its papers, best first. */
public record AlertSection(long alertId, String alertName, List<AlertMatch> matches) {}
