package org.paperboy.alerts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** Short real-looking papers for the alert tests: two on protein structure, one on traffic. */
public final class AlertPapers {

    public static final String PROTEIN_TITLE = "Accurate protein structure prediction with deep learning";
    static final String PROTEIN_ABSTRACT = "Proteins fold into three-dimensional structures determined by their amino "
            + "acid sequence. We present a neural network that predicts the folded structure of a protein from its "
            + "sequence with atomic accuracy.";
    static final String FOLDING_TITLE = "Predicting protein folding from amino acid sequences with transformers";
    static final String FOLDING_ABSTRACT = "We train a transformer on protein sequences to predict three-dimensional "
            + "structures and compare its accuracy with structures determined by crystallography.";
    static final String TRAFFIC_TITLE = "Agent-based simulation of urban traffic congestion";
    static final String TRAFFIC_ABSTRACT = "We simulate cars and traffic lights in a city road network to study how "
            + "congestion forms at rush hour and how signal timing reduces travel delays.";
    public static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private AlertPapers() {}

    static Paper paper(String id, int version, String title, String abstractText, List<String> categories,
                       List<String> authors, LocalDate announced) {
        return new Paper(new PaperId(id), version, title, abstractText, authors, categories, null, null, null, null,
                announced.atStartOfDay(ZoneOffset.UTC).toInstant(), null, announced);
    }

    /** A paper on protein structure prediction (q-bio.BM, by John Jumper), first announced on {@code announced}. */
    public static Paper protein(String id, LocalDate announced) {
        return paper(id, 1, PROTEIN_TITLE, PROTEIN_ABSTRACT, List.of("q-bio.BM"), List.of("John Jumper"), announced);
    }

    static Paper folding(String id, LocalDate announced) {
        return paper(id, 1, FOLDING_TITLE, FOLDING_ABSTRACT, List.of("q-bio.BM"), List.of("Someone Else"), announced);
    }

    /** A paper on urban traffic, far from protein structure. */
    public static Paper traffic(String id, LocalDate announced) {
        return paper(id, 1, TRAFFIC_TITLE, TRAFFIC_ABSTRACT, List.of("cs.MA"), List.of("B. Car"), announced);
    }
}
