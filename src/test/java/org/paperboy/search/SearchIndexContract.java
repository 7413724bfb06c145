package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * What every search engine must do alike, on a real engine each (the embedded Lucene index, an OpenSearch cluster):
 * the same papers, with hand-made vectors so that semantic answers are known in advance, give the same answers.
 */
public abstract class SearchIndexContract {

    protected SearchIndex index;

    /** A new, empty index of the engine under test. */
    protected abstract SearchIndex newIndex();

    /** The same index opened again, as after a restart ({@code old} closed first). */
    protected abstract SearchIndex reopen(SearchIndex old);

    @BeforeEach
    void fill() {
        index = newIndex();
        index.apply(List.of(
                indexed(paper("2501.00001", "Protein structure prediction with deep learning",
                        "We predict the folded structure of proteins from their amino-acid sequence.",
                        List.of("Ada Lovelace", "Alan Turing"), List.of("q-bio.BM", "cs.LG"), "2025-01-02"), axis(0)),
                indexed(paper("2501.00002", "Traffic simulation for autonomous driving",
                        "A simulator of city traffic used to validate self-driving cars.",
                        List.of("Grace Hopper"), List.of("cs.RO"), "2025-01-05"), axis(1)),
                indexed(paper("2501.00003", "Diffusion models for image generation",
                        "Denoising diffusion models generate images; we survey scaling laws of diffusion.",
                        List.of("Katherine Johnson", "Zoë Balázs"), List.of("cs.CV"), "2025-02-10"), axis(2)),
                indexed(paper("2501.00004", "A survey of diffusion models",
                        "This survey covers diffusion models in vision and language.",
                        List.of("Alan Kay"), List.of("cs.CV", "cs.LG"), "2025-03-01"), null)), 4);
        index.caughtUp();
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    @Test
    void keywordSearchRanksByBm25AndStems() {
        assertThat(ids(index.search(SearchRequest.of("predicting proteins", SearchMode.KEYWORD, 10), null)))
                .containsExactly("2501.00001");
    }

    @Test
    void phrasesExclusionsAndFields() {
        assertThat(ids(search("\"diffusion models\" -survey"))).isEmpty();
        assertThat(ids(search("\"diffusion models\" -ti:survey"))).containsExactly("2501.00003");
        assertThat(ids(search("ti:survey"))).containsExactly("2501.00004");
        assertThat(ids(search("au:turing"))).containsExactly("2501.00001");
        assertThat(ids(search("au:balazs"))).as("accents folded").containsExactly("2501.00003");
        assertThat(ids(search("au:\"lovelace alan\""))).as("no phrase across two authors").isEmpty();
        assertThat(ids(search("diffusion cat:cs.LG"))).containsExactly("2501.00004");
        assertThat(ids(search("id:2501.00002v3"))).containsExactly("2501.00002");
        assertThat(ids(search("abs:simulator"))).containsExactly("2501.00002");
        assertThat(ids(search("the traffic"))).as("a stop word requires nothing").containsExactly("2501.00002");
    }

    @Test
    void filtersAndDateSort() {
        SearchRequest cv = new SearchRequest("diffusion", SearchMode.KEYWORD, 10, 0, Set.of("cs.CV"),
                LocalDate.parse("2025-02-01"), LocalDate.parse("2025-02-28"), SearchRequest.Sort.RELEVANCE);
        assertThat(ids(index.search(cv, null))).containsExactly("2501.00003");
        SearchRequest newestFirst = new SearchRequest("diffusion", SearchMode.KEYWORD, 10, 0, Set.of(), null, null,
                SearchRequest.Sort.DATE);
        assertThat(ids(index.search(newestFirst, null))).containsExactly("2501.00004", "2501.00003");
        SearchRequest everyWord = new SearchRequest("diffusion survey", SearchMode.KEYWORD, 10, 0, Set.of(), null, null,
                SearchRequest.Sort.DATE);
        assertThat(ids(index.search(everyWord, null))).as("by date, every word must match")
                .containsExactly("2501.00004", "2501.00003");
        SearchRequest filtersOnly = new SearchRequest("", SearchMode.HYBRID, 10, 0, Set.of("cs.LG"), null, null,
                SearchRequest.Sort.RELEVANCE);
        assertThat(ids(index.search(filtersOnly, null))).as("filters alone list their papers, newest first")
                .containsExactly("2501.00004", "2501.00001");
    }

    @Test
    void semanticSearchSortedByDateListsItsPoolNewestFirst() {
        SearchRequest byDate = new SearchRequest("anything", SearchMode.SEMANTIC, 10, 0, Set.of(), null, null,
                SearchRequest.Sort.DATE);
        SearchResults results = index.search(byDate, axis(2));
        assertThat(ids(results)).containsExactly("2501.00003", "2501.00002", "2501.00001");
        assertThat(results.totalHits()).isEqualTo(3);
    }

    @Test
    void filtersApplyInsideTheVectorSearch() {
        SearchRequest robotics = new SearchRequest("proteins", SearchMode.SEMANTIC, 1, 0, Set.of("cs.RO"), null, null,
                SearchRequest.Sort.RELEVANCE);
        assertThat(ids(index.search(robotics, axis(0)))).as("the nearest paper that passes the filter, not none")
                .containsExactly("2501.00002");
        SearchRequest excluded = SearchRequest.of("proteins -ti:protein", SearchMode.SEMANTIC, 1);
        assertThat(ids(index.search(excluded, axis(0)))).doesNotContain("2501.00001").hasSize(1);
        SearchRequest dated = new SearchRequest("proteins", SearchMode.SEMANTIC, 1, 0, Set.of(),
                LocalDate.parse("2025-02-01"), null, SearchRequest.Sort.RELEVANCE);
        assertThat(ids(index.search(dated, axis(0)))).hasSize(1).doesNotContain("2501.00001", "2501.00002");
    }

    @Test
    void snippetsMarkWhatMatchedAndEscapeHtml() {
        SearchHit hit = search("protein").hits().getFirst();
        assertThat(hit.titleSnippet()).as("the whole title")
                .isEqualTo("<mark>Protein</mark> structure prediction with deep learning");
        assertThat(hit.abstractSnippet()).contains("<mark>proteins</mark>");
        SearchHit twoSentences = search("survey").hits().stream().filter(h -> h.id().value().equals("2501.00003"))
                .findFirst().orElseThrow();
        assertThat(twoSentences.titleSnippet()).as("no match in the title").isNull();
        assertThat(twoSentences.abstractSnippet()).contains("we <mark>survey</mark> scaling laws");
    }

    @Test
    void snippetsCannotCarryMarkupFromThePaperOrTheEngine() {
        index.apply(List.of(indexed(paper("2501.00009", "<script>alert(1)</script> \uE000Poisoned\uE001 </mark> titles",
                "An <img src=x onerror=alert(1)> abstract about poisoned \uE001markup\uE000 & more.", List.of(),
                List.of("cs.CR"), "2025-04-01"), null)), 5);
        index.caughtUp();
        SearchHit hit = search("poisoned script img").hits().getFirst();
        assertThat(hit.id().value()).isEqualTo("2501.00009");
        for (String snippet : List.of(hit.titleSnippet(), hit.abstractSnippet())) {
            assertThat(snippet).doesNotContain("<script", "<img", "\uE000", "\uE001")
                    .contains("&lt;")
                    .satisfies(s -> assertThat(s.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<", ">"));
        }
        assertThat(hit.titleSnippet()).contains("<mark>Poisoned</mark>").contains("&lt;&#x2F;mark&gt;");
        assertThat(hit.abstractSnippet()).contains("&lt;<mark>img</mark>").contains("&amp; more");
    }

    @Test
    void semanticSearchFollowsVectorsAndHybridFusesBoth() {
        assertThat(ids(index.search(SearchRequest.of("cars on roads", SearchMode.SEMANTIC, 1), axis(1))))
                .containsExactly("2501.00002");
        // Between the traffic paper (axis 1) and the diffusion paper (axis 2): cosine 0.71 with each.
        float[] between = axis(1);
        between[1] = between[2] = (float) Math.sqrt(0.5);
        SearchResults hybrid = index.search(SearchRequest.of("diffusion", SearchMode.HYBRID, 10), between);
        assertThat(hybrid.modeUsed()).isEqualTo(SearchMode.HYBRID);
        assertThat(ids(hybrid)).contains("2501.00002", "2501.00003", "2501.00004");
        assertThat(ids(hybrid).indexOf("2501.00003")).as("best in both lists, so first").isZero();
        SearchResults semantic = index.search(SearchRequest.of("x", SearchMode.SEMANTIC, 10), between);
        assertThat(semantic.hits().getFirst().score()).as("(1 + cosine) / 2, whatever the engine")
                .isCloseTo((float) ((1 + Math.sqrt(0.5)) / 2), org.assertj.core.data.Offset.offset(0.01f));
    }

    @Test
    void withoutAQueryVectorHybridDegradesToKeywordAndSemanticFindsNothing() {
        SearchResults hybrid = index.search(SearchRequest.of("traffic", SearchMode.HYBRID, 10), null);
        assertThat(hybrid.modeUsed()).isEqualTo(SearchMode.KEYWORD);
        assertThat(ids(hybrid)).containsExactly("2501.00002");
        SearchResults semantic = index.search(SearchRequest.of("traffic", SearchMode.SEMANTIC, 10), null);
        assertThat(semantic.modeUsed()).isEqualTo(SearchMode.SEMANTIC);
        assertThat(semantic.hits()).isEmpty();
    }

    @Test
    void aPastedIdentifierPutsItsPaperFirst() {
        SearchResults results = index.search(SearchRequest.of("arXiv:2501.00002v2", SearchMode.KEYWORD, 10), null);
        assertThat(ids(results)).first().isEqualTo("2501.00002");
        assertThat(results.reading().identifierFound()).isTrue();
    }

    @Test
    void aPersonsNameOrAnExactTitlePutsTheirPapersFirst() {
        SearchResults byName = index.search(SearchRequest.of("grace hopper", SearchMode.HYBRID, 10), axis(0));
        assertThat(ids(byName)).first().isEqualTo("2501.00002");
        assertThat(byName.reading().authorName()).isEqualTo("Grace Hopper");
        SearchResults byTitle = index.search(SearchRequest.of("A Survey of Diffusion Models!", SearchMode.HYBRID, 10),
                axis(1));
        assertThat(ids(byTitle)).as("semantic search alone would put the traffic paper first").first()
                .isEqualTo("2501.00004");
        assertThat(index.search(SearchRequest.of("diffusion", SearchMode.HYBRID, 10), axis(1)).reading().authorName())
                .as("a topic is no one's name").isNull();
    }

    @Test
    void misspeltWordsAreCorrectedFromTheCatalogsVocabulary() {
        assertThat(index.correctSpelling("Difusion models")).hasValueSatisfying(c -> {
            assertThat(c.corrected()).isEqualTo("Diffusion models");
            assertThat(c.searched()).isEqualTo("Diffusion models");
        });
        assertThat(index.correctSpelling("diffusion models")).as("spelt right").isEmpty();
        assertThat(index.correctSpelling("ti:difusion")).as("fields are searched as written").isEmpty();
        assertThat(index.correctSpelling("Lovelace")).as("a name the catalog has").isEmpty();
    }

    @Test
    void similarPapersByVectorOrByKeywordWhenThereIsNone() {
        assertThat(index.similar(new PaperId("2501.00001"), 3)).extracting(h -> h.id().value())
                .doesNotContain("2501.00001").hasSize(2);
        assertThat(index.similar(new PaperId("2501.00004"), 3)).extracting(h -> h.id().value())
                .as("no vector: more-like-this on its words").first().isEqualTo("2501.00003");
        assertThat(index.similar(new PaperId("2599.99999"), 3)).isEmpty();
    }

    @Test
    void similarPapersFollowChangesToTheIndex() {
        PaperId protein = new PaperId("2501.00001");
        assertThat(index.similar(protein, 1)).extracting(h -> h.id().value()).doesNotContain("2501.00005");
        index.apply(List.of(indexed(paper("2501.00005", "Folding proteins", "Structure from sequence.",
                List.of("Ada Lovelace"), List.of("q-bio.BM"), "2025-04-01"), axis(0))), 5);
        index.caughtUp();
        assertThat(index.similar(protein, 1)).extracting(h -> h.id().value())
                .as("a new paper with the same vector is the nearest at once").containsExactly("2501.00005");
        assertThat(index.similar(List.of(protein, new PaperId("2501.00005")), 1)).extracting(h -> h.id().value())
                .as("never one of the seeds").doesNotContain("2501.00001", "2501.00005");
    }

    @Test
    void hostileQueriesGetAnAnswerNotAnException() {
        List<String> queries = new ArrayList<>(List.of("", "   ", "*", "?", "~", "^", "[", "(", ")", "\"", "\"unbalanced",
                "ti:", "-", "--", "-ti:", ":", "au:\"\"", "*diffusion", "diff*", "dif?usion", "a~2", "title^3", "[a TO b]",
                "😀 扩散模型 диффузия", "AND OR NOT", "cat:", "id:nonsense", "\\", "'; DROP TABLE papers; --", "the of and",
                "{\"query\":{\"match_all\":{}}}"));
        queries.add("diffusion ".repeat(20_000));
        for (String query : queries) {
            for (SearchMode mode : SearchMode.values()) {
                assertThatCode(() -> index.search(new SearchRequest(query, mode, 1_000_000_000, -5, Set.of(), null, null, null),
                        mode == SearchMode.KEYWORD ? null : axis(0)))
                        .as("query [%s] in %s mode", query.length() > 40 ? query.substring(0, 40) : query, mode)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(index.search(SearchRequest.of("", SearchMode.HYBRID, 10), null).hits()).isEmpty();
    }

    @Test
    void appliedSequenceIsKeptWithTheDocuments() {
        assertThat(index.appliedSeq()).isEqualTo(4);
        index = reopen(index);
        assertThat(index.appliedSeq()).isEqualTo(4);
        assertThat(index.stats()).isEqualTo(new SearchIndex.IndexStats(4, 3));
        index.apply(List.of(indexed(paper("2501.00002", "Traffic simulation, revised", "New abstract.", List.of(),
                List.of("cs.RO"), "2025-01-05"), null)), 9);
        assertThat(index.stats()).as("replaced, not duplicated").isEqualTo(new SearchIndex.IndexStats(4, 2));
        assertThat(index.vectorOf(new PaperId("2501.00002"))).isEmpty();
        assertThat(index.vectorOf(new PaperId("2501.00001"))).hasValueSatisfying(v -> assertThat(v[0]).isEqualTo(1f));
    }

    @Test
    void reApplyingABatchChangesNothing() {
        Paper revised = paper("2501.00002", "Traffic simulation, revised", "New abstract.", List.of(), List.of("cs.RO"),
                "2025-01-05");
        index.apply(List.of(indexed(revised, axis(1))), 9);
        index.apply(List.of(indexed(revised, axis(1))), 9);
        assertThat(ids(search("revised"))).containsExactly("2501.00002");
        assertThat(index.stats()).isEqualTo(new SearchIndex.IndexStats(4, 3));
        assertThat(index.appliedSeq()).isEqualTo(9);
    }

    @Test
    void aVectorTheIndexCannotTakeIsLeftOffItsPaperAlone() {
        List<SearchIndex.Refused> refused = index.apply(List.of(
                indexed(paper("2501.00005", "Folding, in eight dimensions", "A vector of the wrong size.", List.of(),
                        List.of("q-bio.BM"), "2025-04-01"), new float[8]),
                indexed(paper("2501.00006", "Folding, in 384 dimensions", "A vector of the right size.", List.of(),
                        List.of("q-bio.BM"), "2025-04-01"), axis(5))), 6);
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.paper().value()).isEqualTo("2501.00005");
            assertThat(r.indexedWithoutVector()).isTrue();
            assertThat(r.reason()).contains("dimension");
        });
        assertThat(ids(search("ti:folding"))).containsExactlyInAnyOrder("2501.00005", "2501.00006");
        assertThat(index.vectorOf(new PaperId("2501.00005"))).isEmpty();
        assertThat(index.vectorOf(new PaperId("2501.00006"))).isPresent();
        assertThat(index.appliedSeq()).isEqualTo(6);
    }

    @Test
    void authorPagesFindAPersonsPapersAndTheirCoauthors() {
        AuthorLookup authors = new AuthorLookup(index);
        AuthorLookup.AuthorPapers ada = authors.papers("Ada Lovelace", 0, 10, 5);
        assertThat(ada.total()).isEqualTo(1);
        assertThat(ada.page()).extracting(PaperId::value).containsExactly("2501.00001");
        assertThat(ada.coauthors()).extracting(AuthorLookup.Tally::value).containsExactly("Alan Turing");
        assertThat(ada.categories()).extracting(AuthorLookup.Tally::value).containsExactly("cs.LG", "q-bio.BM");
        assertThat(authors.spellings("zoe  balazs")).containsExactly("Zoë Balázs");
        assertThat(authors.papers("Nobody", 0, 10, 5).total()).isZero();
    }

    protected SearchResults search(String query) {
        return index.search(SearchRequest.of(query, SearchMode.KEYWORD, 10), null);
    }

    protected static List<String> ids(SearchResults results) {
        return results.hits().stream().map(h -> h.id().value()).toList();
    }

    protected static Paper paper(String id, String title, String abstractText, List<String> authors,
                                 List<String> categories, String announced) {
        return new Paper(new PaperId(id), 1, title, abstractText, authors, categories, null, null, null, null, null,
                null, LocalDate.parse(announced));
    }

    protected static IndexedPaper indexed(Paper paper, float[] vector) {
        return new IndexedPaper(paper, vector);
    }

    /** A unit vector along one of 384 axes: papers on different axes are unrelated, on the same axis identical. */
    protected static float[] axis(int i) {
        float[] v = new float[384];
        v[i] = 1f;
        return v;
    }
}
