package org.paperboy.web;

import org.paperboy.alerts.AlertMatch;
import org.paperboy.catalog.Paper;

/** A match on the alerts page, with its paper (null when the paper has left the catalog). */
public record AlertMatchView(AlertMatch match, Paper paper) {}
