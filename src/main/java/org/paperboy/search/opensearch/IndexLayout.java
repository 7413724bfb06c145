package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.paperboy.catalog.Paper;
import org.paperboy.search.AuthorLookup;
import org.paperboy.search.Highlights;
import org.paperboy.search.IndexedPaper;

/**
 * The OpenSearch index's settings, mapping and documents: the same analysis as the embedded index (English
 * stemming for prose, names folded and unstemmed with a position gap between authors, BM25 with k1 0.9 and b 0.4) and
 * an HNSW vector field on the k-NN plugin's Lucene engine, scalar-quantized, compared by inner product (the vectors are
 * unit length, so that ranks as cosine).
 */
final class IndexLayout {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    /** Title and abstract as one field, as the embedded index has it: BM25 over the whole text ranks better. */
    static final String TEXT = "text";
    static final String AUTHORS = "authors";
    static final String AUTHOR_NAME = "author_name";
    static final String AUTHOR_KEY = "author_key";
    static final String DOI = "doi";
    static final String CATEGORY = "category";
    static final String CATEGORY_CODE = "category_code";
    static final String PUBLISHED = "published";
    static final String VECTOR = "vector";
    /** Every word of title, abstract and author names, unstemmed: the vocabulary spelling correction draws on. */
    static final String WORDS = "words";
    /** Raised whenever documents change shape: an index of another format is rebuilt. */
    static final String FORMAT = "1";

    private IndexLayout() {}

    /** A new index's body: settings for a bulk build (no refresh, no replicas: they are set after) and the mapping. */
    static ObjectNode newIndex(int shards, String storeEpoch) {
        ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("number_of_shards", shards).put("number_of_replicas", 0).put("refresh_interval", "-1")
                .put("knn", true);
        index.putObject("similarity").putObject("default").put("type", "BM25").put("k1", 0.9).put("b", 0.4);
        ObjectNode names = index.putObject("analysis").putObject("analyzer").putObject("names");
        names.put("type", "custom").put("tokenizer", "standard").putArray("filter").add("lowercase").add("asciifolding");
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.set("_meta", meta(0, storeEpoch));
        ObjectNode properties = mappings.putObject("properties");
        properties.putObject(ID).put("type", "keyword");
        for (String prose : new String[] {TITLE, ABSTRACT}) {
            // offsets in the postings: the unified highlighter then needs no re-analysis
            properties.putObject(prose).put("type", "text").put("analyzer", "english").put("index_options", "offsets");
        }
        properties.putObject(TEXT).put("type", "text").put("analyzer", "english");
        properties.putObject(AUTHORS).put("type", "text").put("analyzer", "names").put("position_increment_gap", 100);
        properties.putObject(WORDS).put("type", "text").put("analyzer", "names").put("index_options", "docs")
                .put("norms", false);
        for (String exact : new String[] {AUTHOR_NAME, AUTHOR_KEY, DOI, CATEGORY, CATEGORY_CODE}) {
            properties.putObject(exact).put("type", "keyword");
        }
        properties.putObject(PUBLISHED).put("type", "date").put("format", "yyyy-MM-dd");
        return body;
    }

    /** The vector field, added with the first vector the index is given (its dimension is that vector's). */
    static ObjectNode vectorMapping(int dimension) {
        ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
        ObjectNode vector = body.putObject("properties").putObject(VECTOR);
        vector.put("type", "knn_vector").put("dimension", dimension).put("space_type", "innerproduct");
        ObjectNode method = vector.putObject("method");
        method.put("name", "hnsw").put("engine", "lucene");
        // m and ef_construction as the embedded index's HNSW graph; sq: 7-bit scalar quantization (3.0 to 3.5)
        method.putObject("parameters").put("m", 16).put("ef_construction", 100).putObject("encoder").put("name", "sq");
        return body;
    }

    /** The bookkeeping kept in the mapping's {@code _meta}: the last change applied, and the store followed. */
    static ObjectNode meta(long appliedSeq, String storeEpoch) {
        ObjectNode meta = OpenSearchHttp.JSON.createObjectNode();
        meta.put("appliedSeq", appliedSeq).put("format", FORMAT);
        if (storeEpoch != null) {
            meta.put("storeEpoch", storeEpoch);
        }
        return meta;
    }

    /** A paper's document, with its vector unless {@code withVector} is false. */
    static ObjectNode document(IndexedPaper indexed, boolean withVector) {
        Paper paper = indexed.paper();
        ObjectNode doc = OpenSearchHttp.JSON.createObjectNode();
        String title = Highlights.withoutSentinels(paper.title());
        String abstractText = Highlights.withoutSentinels(paper.abstractText());
        doc.put(ID, paper.id().value()).put(TITLE, title).put(ABSTRACT, abstractText).put(TEXT, title + "\n" + abstractText);
        ArrayNode authors = doc.putArray(AUTHORS);
        ArrayNode names = doc.putArray(AUTHOR_NAME);
        ArrayNode keys = doc.putArray(AUTHOR_KEY);
        for (String author : paper.authors()) {
            authors.add(author);
            names.add(author);
            keys.add(AuthorLookup.fold(author));
        }
        doc.put(WORDS, title + "\n" + abstractText + "\n" + String.join("\n", paper.authors()));
        if (paper.doi() != null && !paper.doi().isBlank()) {
            doc.put(DOI, paper.doi().strip().toLowerCase(Locale.ROOT));
        }
        ArrayNode categories = doc.putArray(CATEGORY);
        ArrayNode codes = doc.putArray(CATEGORY_CODE);
        for (String category : paper.categories()) {
            categories.add(category.toLowerCase(Locale.ROOT));
            codes.add(category);
        }
        if (paper.publishedOn() != null) {
            doc.put(PUBLISHED, paper.publishedOn().toString());
        }
        if (withVector && indexed.vector() != null) {
            ArrayNode vector = doc.putArray(VECTOR);
            for (float x : indexed.vector()) {
                vector.add(x);
            }
        }
        return doc;
    }
}
