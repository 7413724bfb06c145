package org.paperboy.search;

/**
 * What a search made of its query beyond its words, for the pages to say: the paper it named, the person it named,
 * the spelling it corrected.
 *
 * @param identifier      the identifier the whole query was, or null
 * @param identifierFound whether the index holds the paper it names
 * @param authorName      the author the whole query named, as the catalog writes the name, or null
 * @param correctedQuery  the query searched instead of the one asked, its misspelt words corrected, or null
 */
public record QueryReading(PastedIdentifier identifier, boolean identifierFound, String authorName,
                           String correctedQuery) {

    /** The query was searched as it was written. */
    public static final QueryReading LITERAL = new QueryReading(null, false, null, null);

    QueryReading corrected(String query) {
        return new QueryReading(identifier, identifierFound, authorName, query);
    }
}
