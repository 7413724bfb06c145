package org.paperboy.ingest.arxiv;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;

/**
 * How arXiv writes its metadata, whichever service it comes from (the bulk snapshot, OAI-PMH): author names with
 * LaTeX accents, one author string joined by commas and "and", space-separated categories with the primary first,
 * versions named {@code v1} and dated in RFC 1123.
 */
public final class ArxivMetadata {

    /** LaTeX accent commands in author names, as the combining marks Unicode uses for them. */
    private static final Map<Character, Character> ACCENTS = Map.ofEntries(
            Map.entry('\'', '\u0301'), Map.entry('`', '\u0300'), Map.entry('^', '\u0302'), Map.entry('"', '\u0308'),
            Map.entry('~', '\u0303'), Map.entry('=', '\u0304'), Map.entry('.', '\u0307'), Map.entry('c', '\u0327'),
            Map.entry('v', '\u030C'), Map.entry('u', '\u0306'), Map.entry('H', '\u030B'), Map.entry('k', '\u0328'));
    private static final Pattern ACCENTED = Pattern.compile("\\{?\\\\(['`^\"~=.cvuHk])\\s*\\{?\\\\?([A-Za-z])\\}?\\}?");
    private static final Pattern VERSION = Pattern.compile("v(\\d{1,4})");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+");

    private ArxivMetadata() {}

    /** {@code Bal\'azs} becomes {@code Balázs}. */
    public static String fromLatex(String name) {
        if (name.indexOf('\\') < 0) {
            return name;
        }
        Matcher m = ACCENTED.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String letter = m.group(2);
            Character mark = ACCENTS.get(m.group(1).charAt(0));
            String replacement = mark == null ? letter : letter + mark;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Normalizer.normalize(out.toString(), Normalizer.Form.NFC).replace("{", "").replace("}", "");
    }

    /** "A. One, B. Two and C. Three" as three names in that order, accents converted; {@link Paper} drops blanks. */
    public static List<String> splitAuthors(String authors) {
        List<String> names = new ArrayList<>();
        for (String name : AND.matcher(authors).replaceAll(", ").split(",")) {
            names.add(fromLatex(name));
        }
        return names;
    }

    /** One name from its parts (any may be empty), in reading order, accents converted. */
    public static String joinName(String first, String last, String suffix) {
        return fromLatex(String.join(" ", List.of(first.strip(), last.strip(), suffix.strip()).stream()
                .filter(s -> !s.isEmpty()).toList()));
    }

    /** "hep-ph hep-ex" as arXiv categories, primary first, with any MSC or ACM codes mixed into the list dropped. */
    public static List<String> categories(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return List.of();
        }
        return categories(Arrays.asList(spaceSeparated.strip().split("\\s+")));
    }

    /**
     * The arXiv categories in a list. Sources mix MSC and ACM class codes ("68T50", "I.2.7") into it; those classify
     * the paper in other schemes and are dropped rather than failing the record.
     */
    public static List<String> categories(List<String> categories) {
        return categories.stream().filter(Paper::isArxivCategory).toList();
    }

    /** @throws InvalidPaperException unless the text is {@code v} and a number */
    public static int versionNumber(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new InvalidPaperException("invalid version '" + version + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** A version's date as arXiv writes it ("Tue, 3 Apr 2007 22:04:11 GMT"); null when empty. */
    public static Instant versionDate(String rfc1123) {
        if (rfc1123 == null || rfc1123.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(rfc1123.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("invalid version date '" + rfc1123 + "'");
        }
    }
}
