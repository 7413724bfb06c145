package org.paperboy.search;

import org.paperboy.catalog.Paper;

/** What the index stores of a paper: its catalog record and, once computed, its embedding (else null). */
public record IndexedPaper(Paper paper, float[] vector) {}
