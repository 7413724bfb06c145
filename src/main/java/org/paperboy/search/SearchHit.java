package org.paperboy.search;

import org.paperboy.catalog.PaperId;

/**
 * One result: the paper, its score under the mode used, and snippets of title and abstract with the matched terms
 * marked (HTML-escaped text with {@code <mark>} around matches; null when nothing matched literally).
 */
public record SearchHit(PaperId id, float score, String titleSnippet, String abstractSnippet) {}
