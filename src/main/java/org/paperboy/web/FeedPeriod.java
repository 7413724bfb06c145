package org.paperboy.web;

import java.time.LocalDate;
import java.time.YearMonth;

/** The days a daily-papers page shows (a day, an ISO week or a month), its title, and its previous and next pages. */
public record FeedPeriod(String view, LocalDate from, LocalDate to, String title, String previous, String next) {

    public String dayUrl() {
        return "/daily?date=" + from;
    }

    public String weekUrl() {
        return "/daily?week=" + DailyPages.isoWeek(from);
    }

    public String monthUrl() {
        return "/daily?month=" + YearMonth.from(from);
    }

    /** This page's own address, without a sort. */
    public String url() {
        return switch (view) {
            case "week" -> weekUrl();
            case "month" -> monthUrl();
            default -> dayUrl();
        };
    }
}
