package org.paperboy.web;

import org.paperboy.alerts.Alert;

/** One alert on the alerts page, with the address of its own feed. */
public record AlertView(Alert alert, String feedUrl) {}
