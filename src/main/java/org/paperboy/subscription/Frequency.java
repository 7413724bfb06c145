package org.paperboy.subscription;

import java.util.Locale;
import java.util.Optional;

/** How often a subscriber gets a digest: each announcement day, or once a week. */
public enum Frequency {
    DAILY, WEEKLY;

    /** As stored and as forms send it: {@code daily}, {@code weekly}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Frequency> parse(String label) {
        for (Frequency f : values()) {
            if (f.label().equals(label)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
