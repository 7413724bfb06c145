package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingModel;

/**
 * An acronym alone, in semantic mode, finds the paper that defines it (issue 12: "DPO" returned a paper on hip
 * dysplasia): a real Lucene index of real abstracts, embedded by the real model.
 */
class AcronymSemanticSearchTest {

    static final String DPO = "2305.18290";
    static final String HIP_DYSPLASIA = "2504.06422";

    @TempDir
    static Path dir;

    static BgeSmallEmbeddingModel model;
    static LuceneSearchIndex index;
    static Search search;

    @BeforeAll
    static void indexPapers() {
        model = new BgeSmallEmbeddingModel();
        index = LuceneSearchIndex.open(dir);
        List<Paper> papers = List.of(
                paper(DPO, "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
                        "While large-scale unsupervised language models (LMs) learn broad world knowledge and some "
                                + "reasoning skills, achieving precise control of their behavior is difficult due to the "
                                + "completely unsupervised nature of their training. Existing methods for gaining such "
                                + "steerability collect human labels of the relative quality of model generations and "
                                + "fine-tune the unsupervised LM to align with these preferences, often with "
                                + "reinforcement learning from human feedback (RLHF). The resulting algorithm, which we "
                                + "call Direct Preference Optimization (DPO), is stable, performant, and computationally "
                                + "lightweight, eliminating the need for sampling from the LM during fine-tuning."),
                paper(HIP_DYSPLASIA, "Retuve: Automated Multi-Modality Analysis of Hip Dysplasia with Open Source AI",
                        "Developmental dysplasia of the hip (DDH) poses significant diagnostic challenges, hindering "
                                + "timely intervention. Current screening methodologies lack standardization, and "
                                + "AI-driven studies suffer from reproducibility issues due to limited data and code "
                                + "availability. To address these limitations, we introduce Retuve, an open-source "
                                + "framework for multi-modality DDH analysis, encompassing both ultrasound (US) and "
                                + "X-ray imaging."),
                paper("2503.12035", "MOS: Modeling Object-Scene Associations in Generalized Category Discovery",
                        "Generalized Category Discovery (GCD) is a classification task that aims to classify both "
                                + "base and novel classes in unlabeled images, using knowledge from a labeled dataset. "
                                + "In GCD, previous research overlooks scene information or treats it as noise, reducing "
                                + "its impact during model training."),
                paper("2504.05504", "SelfMAD: Enhancing Generalization and Robustness in Morphing Attack Detection via "
                                + "Self-Supervised Learning",
                        "With the continuous advancement of generative models, face morphing attacks have become a "
                                + "significant challenge for existing face verification systems. Contemporary Morphing "
                                + "Attack Detection (MAD) approaches frequently rely on supervised, discriminative models "
                                + "trained on examples of bona fide and morphed images."),
                paper("2505.20107", "Refining Few-Step Text-to-Multiview Diffusion via Reinforcement Learning",
                        "Text-to-multiview (T2MV) generation, which produces coherent multiview images from a single "
                                + "text prompt, remains computationally intensive. We propose a novel reinforcement "
                                + "learning (RL) finetuning framework tailored for few-step T2MV diffusion models to "
                                + "jointly optimize per-view fidelity and cross-view consistency."),
                paper("2508.01326", "Large-Scale Diverse Synthesis for Mid-Training",
                        "The scarcity of high-quality, knowledge-intensive training data hinders the development of "
                                + "large language models (LLMs), as traditional corpora provide limited information. "
                                + "Previous studies have synthesized and integrated corpora-dependent question-answering "
                                + "(QA) data to improve model performance."));
        index.apply(papers.stream().map(p -> new IndexedPaper(p,
                model.embedDocument(EmbeddingModel.documentText(p.title(), p.abstractText())))).toList(), 1);
        search = new Search(index, model);
    }

    @AfterAll
    static void close() {
        index.close();
        model.close();
    }

    @Test
    void anAcronymAloneFindsThePaperThatDefinesIt() {
        assertThat(first("DPO", SearchMode.SEMANTIC)).isEqualTo(DPO);
        assertThat(first("dpo", SearchMode.SEMANTIC)).as("typed in lower case").isEqualTo(DPO);
        assertThat(first("DPO", SearchMode.HYBRID)).isEqualTo(DPO);
        assertThat(first("DDH", SearchMode.SEMANTIC)).isEqualTo(HIP_DYSPLASIA);
    }

    @Test
    void theSemanticQuerySpellsOutTheAcronymOfAShortQueryOnly() {
        assertThat(index.semanticQuery("DPO")).isEqualTo("Direct Preference Optimization (DPO)");
        assertThat(index.semanticQuery("DPO alignment")).isEqualTo("Direct Preference Optimization (DPO) alignment");
        assertThat(index.semanticQuery("preference optimization")).as("no acronym").isEqualTo("preference optimization");
        assertThat(index.semanticQuery("US")).as("'ultrasound (US)' is one word, no definition").isEqualTo("US");
        assertThat(index.semanticQuery("is DPO stable for large language models"))
                .as("a longer query has context of its own").isEqualTo("is DPO stable for large language models");
    }

    private static String first(String query, SearchMode mode) {
        SearchResults results = search.search(SearchRequest.of(query, mode, 3));
        assertThat(results.modeUsed()).isEqualTo(mode);
        return results.hits().getFirst().id().value();
    }

    private static Paper paper(String id, String title, String abstractText) {
        return new Paper(new PaperId(id), 1, title, abstractText, List.of("A. Author"), List.of("cs.LG"), null, null,
                null, null, null, null, LocalDate.parse("2025-01-02"));
    }
}
