package org.paperboy.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog key of a paper: a canonical arXiv identifier without version ({@code 2503.11731},
 * {@code hep-th/9504118}), or, for papers from other collections, a namespaced local id ({@code scifact:4983}).
 */
public record PaperId(String value) implements Comparable<PaperId> {

    /** arXiv identifiers since April 2007: YYMM.NNNN until 2014, YYMM.NNNNN from 2015. */
    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{2})(\\d{2})\\.(\\d{4,5})(?:v(\\d{1,4}))?");
    /** arXiv identifiers before April 2007: archive(.SUBJECT)/YYMMNNN. */
    private static final Pattern OLD_STYLE =
            Pattern.compile("([a-z]+(?:-[a-z]+)*)(?:\\.[A-Z]{2})?/(\\d{2})(\\d{2})(\\d{3})(?:v(\\d{1,4}))?");
    private static final Pattern NAMESPACED = Pattern.compile("([a-z][a-z0-9-]{0,31}):([A-Za-z0-9._-]{1,128})");
    private static final Pattern URL_PREFIX =
            Pattern.compile("^(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/", Pattern.CASE_INSENSITIVE);

    public PaperId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("paper id is empty");
        }
    }

    /** An arXiv id parsed from user input, with the version it named (0 when it named none). */
    public record Versioned(PaperId id, int version) {}

    /**
     * Parses an arXiv identifier as people write it: {@code 2503.11731}, {@code 2503.11731v2}, {@code arXiv:2503.11731},
     * {@code https://arxiv.org/abs/2503.11731v2}, {@code hep-th/9504118}, {@code math.GT/0309136}.
     *
     * @throws InvalidPaperException if the text is no arXiv identifier
     */
    public static Versioned parseArxiv(String text) {
        return tryParseArxiv(text).orElseThrow(() -> new InvalidPaperException(
                "invalid arXiv id '" + abbreviate(text) + "' (expected e.g. 2503.11731 or hep-th/9504118)"));
    }

    public static Optional<Versioned> tryParseArxiv(String text) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.indexOf('/') >= 0 || s.indexOf(':') >= 0) {
            s = URL_PREFIX.matcher(s).replaceFirst("");
        }
        if (s.regionMatches(true, 0, "arxiv:", 0, 6)) {
            s = s.substring(6);
        }
        if (s.endsWith(".pdf")) {
            s = s.substring(0, s.length() - 4);
        }
        Matcher m = NEW_STYLE.matcher(s);
        if (m.matches() && validNewStyle(m)) {
            return Optional.of(new Versioned(new PaperId(m.group(1) + m.group(2) + "." + m.group(3)), version(m.group(4))));
        }
        m = OLD_STYLE.matcher(s);
        if (m.matches() && validMonth(m.group(3))) {
            // The subject class (".GT") is not part of the canonical id: math.GT/0309136 is math/0309136.
            return Optional.of(new Versioned(new PaperId(m.group(1) + "/" + m.group(2) + m.group(3) + m.group(4)),
                    version(m.group(5))));
        }
        return Optional.empty();
    }

    /** A paper from a collection other than arXiv, e.g. a BEIR corpus: {@code namespace:localId}. */
    public static PaperId namespaced(String namespace, String localId) {
        PaperId id = new PaperId(namespace.toLowerCase(Locale.ROOT) + ":" + localId);
        if (!NAMESPACED.matcher(id.value).matches()) {
            throw new InvalidPaperException("invalid id '" + abbreviate(localId) + "' in namespace '"
                    + abbreviate(namespace) + "' (letters, digits, '.', '_' and '-', at most 128)");
        }
        return id;
    }

    /** Parses any id the catalog may hold: an arXiv id (version dropped) or a namespaced id. */
    public static Optional<PaperId> tryParse(String text) {
        Optional<Versioned> arxiv = tryParseArxiv(text);
        if (arxiv.isPresent()) {
            return Optional.of(arxiv.get().id());
        }
        if (text != null && text.length() <= 200 && NAMESPACED.matcher(text).matches()) {
            return Optional.of(new PaperId(text));
        }
        return Optional.empty();
    }

    public boolean isArxiv() {
        return !NAMESPACED.matcher(value).matches();
    }

    @Override
    public int compareTo(PaperId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static boolean validNewStyle(Matcher m) {
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        boolean fiveDigits = m.group(3).length() == 5;
        boolean since2015 = year >= 15;
        return validMonth(m.group(2)) && (year > 7 || (year == 7 && month >= 4)) && fiveDigits == since2015;
    }

    private static boolean validMonth(String mm) {
        int month = Integer.parseInt(mm);
        return month >= 1 && month <= 12;
    }

    private static int version(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    /** The start of a value for an error message: a bad 100 kB id is quoted by its first 60 characters. */
    public static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
