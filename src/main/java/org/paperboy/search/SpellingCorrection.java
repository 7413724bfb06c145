package org.paperboy.search;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Corrects the misspelt words of a query from the catalog's own vocabulary (the unstemmed words of titles, abstracts
 * and author names), as each engine offers it ({@link Vocabulary}; both use Lucene's DirectSpellChecker): at most two
 * edits away, a swap of two letters counting as one. A word is corrected only when it is missing or nearly missing
 * from the catalog and the correction is common in it, and the corrected query as a whole is found in more papers than
 * the query as written, so that what researchers spell right (rare terms included) is searched as written.
 */
public final class SpellingCorrection {

    /** Shorter words are too close to too many others to correct safely. */
    static final int MIN_WORD_LENGTH = 4;
    /** A word the catalog has (in a few papers, as a typo there too) is corrected to one this many times as common. */
    static final int MORE_COMMON = 20;
    /** A word no paper has is corrected to one at least this many papers have (not to another one-off typo). */
    static final int MIN_CORRECTION_PAPERS = 2;
    /** A word in more papers than this fraction of the catalog (at least one paper) is taken to be spelt right. */
    private static final double RARE = 1.0 / 5_000;
    /** Suggestions asked for a word, the closest first. */
    public static final int SUGGESTIONS = 3;

    /**
     * What an engine knows of the catalog's vocabulary: the unstemmed words of titles, abstracts and author names,
     * lower-cased and accents folded ({@link #normalize}), and the papers that have them.
     */
    public interface Vocabulary {
        /** Papers in the index. */
        long papers();

        /** Papers that have this (normalised) word. */
        long papersWith(String word) throws IOException;

        /**
         * Up to {@value #SUGGESTIONS} words at most two edits away (a swap of two letters counting as one) that more
         * papers have than this one, the closest first, with how many papers have each.
         */
        List<Suggestion> moreCommonNear(String word) throws IOException;

        /** Papers that have every word of {@code text}. */
        long papersWithEveryWord(String text) throws IOException;

        /** Whether {@code text} occurs as written (a phrase) in some paper's title or author names. */
        boolean writtenInTitleOrAuthors(String text) throws IOException;
    }

    /** A word of the vocabulary, and the papers that have it. */
    public record Suggestion(String word, long papers) {}

    private final Analyzer names = Analyzers.names();
    private final Analyzer prose = Analyzers.prose();

    /**
     * The query with its misspelt words corrected, if it had any. Queries with fields or exclusions are searched as
     * written (their words are syntax as much as text), and so is a query that is, as written, an author's name or
     * part of a title: rare names are what the vocabulary knows least.
     */
    public Optional<SearchIndex.Correction> correct(Vocabulary vocabulary, String query) throws IOException {
        UserQuery parsed = UserQuery.parse(query);
        if (parsed.clauses().isEmpty() || parsed.clauses().stream()
                .anyMatch(c -> c.field() != UserQuery.Field.ANY || c.excluded())) {
            return Optional.empty();
        }
        StringBuilder corrected = new StringBuilder();
        StringBuilder alsoSearched = new StringBuilder();
        boolean changed = false;
        int copied = 0;
        try (StandardTokenizer tokenizer = new StandardTokenizer()) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offsets = tokenizer.addAttribute(OffsetAttribute.class);
            tokenizer.setReader(new StringReader(query));
            tokenizer.reset();
            // asked once a query, not once a word: on a cluster each is a request
            double commonAbove = Math.max(1, vocabulary.papers() * RARE);
            // The words a search reads (UserQuery's bound) are the words worth correcting, and it bounds the work.
            for (int words = 0; words < UserQuery.MAX_WORDS && tokenizer.incrementToken(); words++) {
                String word = term.toString();
                Optional<String> better = correction(vocabulary, word, commonAbove);
                if (better.isPresent() && vocabulary.papersWith(normalize(word)) > 0) {
                    alsoSearched.append(' ').append(word);
                }
                if (better.isPresent()) {
                    corrected.append(query, copied, offsets.startOffset()).append(sameCase(word, better.get()));
                    copied = offsets.endOffset();
                    changed = true;
                }
            }
            tokenizer.end();
        }
        // Whether the query is written in a title or an author's name is asked last: most queries have no word to
        // correct, and these phrase searches cost more than the vocabulary lookups.
        if (!changed || vocabulary.writtenInTitleOrAuthors(query)) {
            return Optional.empty();
        }
        String shown = corrected.append(query.substring(copied)).toString();
        // The corrected words must make sense together, which each alone does not show (a rare term of a long
        // question is near some common word that has nothing to do with the question).
        if (vocabulary.papersWithEveryWord(shown) <= vocabulary.papersWithEveryWord(query)) {
            return Optional.empty();
        }
        return Optional.of(new SearchIndex.Correction(shown, shown + alsoSearched));
    }

    /** A word as the vocabulary holds it: lower-cased, accents folded. */
    public String normalize(String word) {
        return names.normalize(IndexDocuments.WORDS, word).utf8ToString();
    }

    /** @param commonAbove papers a word is in, above which it is taken to be spelt right */
    private Optional<String> correction(Vocabulary vocabulary, String word, double commonAbove) throws IOException {
        // An acronym in capitals is written on purpose even when the catalog lacks it.
        if (word.length() < MIN_WORD_LENGTH || !word.chars().allMatch(Character::isLetter)
                || word.equals(word.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String normalized = normalize(word);
        long papers = vocabulary.papersWith(normalized);
        if (papers > commonAbove) {
            return Optional.empty();
        }
        for (Suggestion suggestion : vocabulary.moreCommonNear(normalized)) {
            boolean common = suggestion.papers() >= Math.max(MIN_CORRECTION_PAPERS, MORE_COMMON * papers);
            if (common && !sameStem(word, suggestion.word())) {
                return Optional.of(suggestion.word());
            }
        }
        return Optional.empty();
    }

    /** "models" for "modles" is no correction worth saying: search stems both to one word already. */
    private boolean sameStem(String word, String suggestion) {
        return stem(word).equals(stem(suggestion));
    }

    private String stem(String word) {
        try (var stream = prose.tokenStream(IndexDocuments.TEXT, word)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            String stem = stream.incrementToken() ? term.toString() : word;
            stream.end();
            return stem;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // analysing a string does not fail
        }
    }

    /** The correction written as the word was: "Difusion" becomes "Diffusion". */
    private static String sameCase(String word, String correction) {
        return Character.isUpperCase(word.charAt(0))
                ? Character.toUpperCase(correction.charAt(0)) + correction.substring(1) : correction;
    }
}
