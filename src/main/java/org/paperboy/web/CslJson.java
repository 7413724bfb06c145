package org.paperboy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.catalog.Paper;

/**
 * Papers as CSL-JSON, the citation data that Zotero, Mendeley and pandoc import: an array of items, each with only the
 * fields the CSL data schema names (it allows no others), arXiv papers as preprints ({@code article}, with the arXiv id
 * as {@code number} and {@code archive} "arXiv", as Zotero itself exports them).
 */
final class CslJson {

    static final String CONTENT_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CslJson() {}

    static String of(List<Paper> papers) {
        List<Map<String, Object>> items = new ArrayList<>();
        papers.forEach(paper -> items.add(item(paper)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSL-JSON", e);
        }
    }

    private static Map<String, Object> item(Paper paper) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", paper.id().value());
        item.put("type", "article");
        item.put("title", oneLine(paper.title()));
        item.put("author", paper.authors().stream().map(CslJson::name).toList());
        LocalDate issued = paper.publishedOn();
        if (issued != null) {
            item.put("issued", Map.of("date-parts",
                    List.of(List.of(issued.getYear(), issued.getMonthValue(), issued.getDayOfMonth()))));
        }
        item.put("abstract", Text.unwrap(paper.abstractText()));
        if (paper.id().isArxiv()) {
            item.put("URL", "https://arxiv.org/abs/" + paper.id().value());
            item.put("number", paper.id().value());
            item.put("archive", "arXiv");
            item.put("publisher", "arXiv");
        }
        if (paper.doi() != null) {
            item.put("DOI", paper.doi());
        }
        if (!paper.categories().isEmpty()) {
            item.put("categories", paper.categories());
        }
        return item;
    }

    /**
     * An author as CSL's family and given names. arXiv gives names as written ("Yann LeCun", sometimes "LeCun, Yann"):
     * the part after a comma is the given name; otherwise the last word is the family name. A single word is a family
     * name alone.
     */
    static Map<String, String> name(String written) {
        String name = oneLine(written);
        int comma = name.indexOf(',');
        Map<String, String> parts = new LinkedHashMap<>();
        if (comma > 0 && comma < name.length() - 1) {
            parts.put("family", name.substring(0, comma).strip());
            parts.put("given", name.substring(comma + 1).strip());
            return parts;
        }
        int space = name.lastIndexOf(' ');
        if (space < 0) {
            parts.put("family", name);
            return parts;
        }
        parts.put("family", name.substring(space + 1));
        parts.put("given", name.substring(0, space));
        return parts;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
