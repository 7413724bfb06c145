package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes paper id parsing, which every URL, search clause and import line goes through: it accepts or refuses, and
 * what it accepts is canonical (parsing the canonical form gives it back). Seeds: {@code PaperIdFuzzTestInputs/};
 * fuzzed by {@code bench/fuzz.sh}.
 */
class PaperIdFuzzTest {

    @FuzzTest
    void parsesOrRefuses(@NotNull byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Optional<PaperId.Versioned> arxiv = PaperId.tryParseArxiv(text);
        arxiv.ifPresent(parsed -> {
            assertThat(parsed.version()).isBetween(0, 9999);
            assertThat(PaperId.tryParseArxiv(parsed.id().value())).contains(new PaperId.Versioned(parsed.id(), 0));
            assertThat(parsed.id().isArxiv()).isTrue();
        });
        try {
            assertThat(PaperId.parseArxiv(text)).isEqualTo(arxiv.orElseThrow());
        } catch (InvalidPaperException refused) {
            assertThat(arxiv).isEmpty();
            assertThat(refused.getMessage()).contains("invalid arXiv id");
        }
        Optional<PaperId> any = PaperId.tryParse(text);
        any.ifPresent(id -> assertThat(PaperId.tryParse(id.value())).contains(id));
        if (arxiv.isPresent()) {
            assertThat(any).contains(arxiv.get().id());
        }
        try {
            PaperId namespaced = PaperId.namespaced("beir", text);
            assertThat(PaperId.tryParse(namespaced.value())).contains(namespaced);
            assertThat(namespaced.isArxiv()).isFalse();
        } catch (InvalidPaperException refused) {
            assertThat(refused.getMessage()).startsWith("invalid id");
        }
        assertThat(PaperId.abbreviate(text).length()).isLessThanOrEqualTo(60);
    }
}
