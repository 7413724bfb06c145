package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Schwartz and Hearst's long-form extraction on sentences as abstracts write them. */
class AcronymExpansionTest {

    @Test
    void readsTheLongFormBeforeTheParenthesis() {
        assertThat(AcronymExpansion.definitions("The resulting algorithm, which we call Direct Preference "
                + "Optimization (DPO), is stable.", "DPO")).containsValue("Direct Preference Optimization");
        assertThat(AcronymExpansion.definitions("We fine-tune with Low-Rank Adaptation (LoRA) adapters.", "lora"))
                .containsValue("Low-Rank Adaptation");
        assertThat(AcronymExpansion.definitions("reinforcement learning from human feedback (RLHF).", "RLHF"))
                .containsValue("reinforcement learning from human feedback");
        assertThat(AcronymExpansion.definitions("large language models (LLMs) are", "LLM"))
                .containsValue("large language models");
    }

    @Test
    void ignoresWhatIsNoDefinition() {
        assertThat(AcronymExpansion.definitions("as shown in Table 2 (DPO)", "DPO")).as("letters not in order").isEmpty();
        assertThat(AcronymExpansion.definitions("a model (dpo) that", "dpo")).as("not written as an acronym").isEmpty();
        assertThat(AcronymExpansion.definitions("both ultrasound (US) and X-ray", "US")).as("one word").isEmpty();
        assertThat(AcronymExpansion.definitions("Direct Preference. Optimization (DPO)", "DPO"))
                .as("not across a sentence").isEmpty();
    }
}
