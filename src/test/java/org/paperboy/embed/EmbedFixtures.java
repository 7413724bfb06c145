package org.paperboy.embed;

import java.nio.file.Path;
import java.util.List;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** Short real-looking papers and a store in a temporary directory, for the embedding tests. */
final class EmbedFixtures {

    private EmbedFixtures() {}

    static final String PROTEIN_TITLE = "Accurate protein structure prediction with deep learning";
    static final String PROTEIN_ABSTRACT = "Proteins fold into three-dimensional structures determined by their amino\n"
            + "acid sequence. We present a neural network that predicts the folded structure of a protein\n"
            + "from its sequence with atomic accuracy.";
    static final String TRAFFIC_TITLE = "Agent-based simulation of urban traffic congestion";
    static final String TRAFFIC_ABSTRACT = "We simulate cars and traffic lights in a city road network\n"
            + "to study how congestion forms at rush hour and how signal timing reduces travel delays.";

    /** Five papers on distinct subjects, ids 2401.00001 to 2401.00005. */
    static List<Paper> papers() {
        return List.of(
                paper("2401.00001", PROTEIN_TITLE, PROTEIN_ABSTRACT),
                paper("2401.00002", TRAFFIC_TITLE, TRAFFIC_ABSTRACT),
                paper("2401.00003", "Sparse attention for long documents",
                        "Transformers scale quadratically with sequence length. We propose a sparse attention\n"
                                + "pattern that processes documents of thousands of tokens."),
                paper("2401.00004", "Dark matter halos in dwarf galaxies",
                        "We measure rotation curves of dwarf galaxies and compare them with cold dark matter\n"
                                + "simulations."),
                paper("2401.00005", "Graph neural networks for molecule property prediction",
                        "Message passing networks on molecular graphs predict solubility and toxicity."));
    }

    static Paper paper(String id, String title, String abstractText) {
        return new Paper(TestPapers.id(id), 1, title, abstractText, List.of("Ada Lovelace"), List.of("cs.LG"),
                null, null, null, null, null, null, null);
    }

    static Database sqlite(Path dir) {
        return Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
    }

    static Catalog catalogWith(Database database, List<Paper> papers) {
        Catalog catalog = new Catalog(database);
        catalog.upsert(papers);
        return catalog;
    }
}
