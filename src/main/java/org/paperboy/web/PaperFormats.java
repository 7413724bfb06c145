package org.paperboy.web;

import java.util.stream.Collectors;
import org.paperboy.catalog.Paper;

/** A paper as text other programs read: Markdown (for LLM tools and notes) and BibTeX (for reference managers). */
final class PaperFormats {

    private PaperFormats() {}

    static String markdown(Paper paper) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(oneLine(paper.title())).append("\n\n");
        md.append("**Authors:** ").append(String.join(", ", paper.authors())).append("\n\n");
        if (paper.publishedOn() != null) {
            md.append("**Published:** ").append(paper.publishedOn()).append("\n\n");
        }
        if (!paper.categories().isEmpty()) {
            md.append("**Categories:** ").append(String.join(", ", paper.categories())).append("\n\n");
        }
        md.append("## Abstract\n\n").append(Text.unwrap(paper.abstractText())).append("\n\n");
        if (paper.id().isArxiv()) {
            md.append("[arXiv](https://arxiv.org/abs/").append(paper.id().value()).append(") · [PDF](https://arxiv.org/pdf/")
                    .append(paper.id().value()).append(")\n");
        }
        return md.toString();
    }

    static String bibtex(Paper paper) {
        StringBuilder bib = new StringBuilder("@misc{").append(key(paper)).append(",\n");
        field(bib, "title", "{" + braceSafe(oneLine(paper.title())) + "}");
        field(bib, "author", paper.authors().stream().map(PaperFormats::braceSafe).collect(Collectors.joining(" and ")));
        if (paper.publishedOn() != null) {
            field(bib, "year", Integer.toString(paper.publishedOn().getYear()));
        }
        if (paper.id().isArxiv()) {
            field(bib, "eprint", paper.id().value());
            field(bib, "archivePrefix", "arXiv");
            if (paper.primaryCategory() != null) {
                field(bib, "primaryClass", paper.primaryCategory());
            }
            field(bib, "url", "https://arxiv.org/abs/" + paper.id().value());
        }
        if (paper.doi() != null) {
            field(bib, "doi", braceSafe(paper.doi()));
        }
        return bib.append("}\n").toString();
    }

    private static String key(Paper paper) {
        return paper.id().value().replaceAll("[^A-Za-z0-9.:-]", "_");
    }

    private static void field(StringBuilder bib, String name, String value) {
        bib.append("  ").append(name).append(" = {").append(value).append("},\n");
    }

    /** A value BibTeX cannot misparse: no braces from the source (an unbalanced one would swallow the entry). */
    private static String braceSafe(String value) {
        return value.replace("{", "").replace("}", "").replace("\\", "");
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
