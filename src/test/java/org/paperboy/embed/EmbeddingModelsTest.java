package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;

class EmbeddingModelsTest {

    private static Settings settings(Map<Key, String> flags) {
        return Settings.resolve(null, Map.of(), flags);
    }

    @Test
    void theDefaultIsTheInProcessBgeModel() {
        assertThat(EmbeddingModels.provider(Settings.defaults())).isEqualTo(EmbeddingModels.Provider.ONNX);
        assertThat(EmbeddingModels.spec(Settings.defaults())).contains(
                new EmbeddingModels.Spec(EmbeddingModels.Provider.ONNX, "bge-small-en-v1.5-q", 384));
    }

    @Test
    void embeddingModelPicksTheInProcessVariant() {
        Settings fp32 = settings(Map.of(Key.EMBEDDING_MODEL, "bge-small-en-v1.5"));
        assertThat(EmbeddingModels.spec(fp32)).contains(
                new EmbeddingModels.Spec(EmbeddingModels.Provider.ONNX, "bge-small-en-v1.5", 384));
        assertThat(EmbeddingModels.spec(settings(Map.of(Key.EMBEDDING_MODEL, "bge-small-en-v1.5-q"))).orElseThrow()
                .name()).isEqualTo("bge-small-en-v1.5-q");
        assertThatThrownBy(() -> EmbeddingModels.spec(settings(Map.of(Key.EMBEDDING_MODEL, "BAAI/bge-small-en-v1.5"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("embedding.model must be 'bge-small-en-v1.5-q' or 'bge-small-en-v1.5'");
    }

    @Test
    void noneMeansNoModel() {
        Settings none = settings(Map.of(Key.EMBEDDING_PROVIDER, "none"));
        assertThat(EmbeddingModels.spec(none)).isEmpty();
        assertThat(EmbeddingModels.open(none)).isEmpty();
    }

    @Test
    void openAiNeedsUrlAndModelAndGetsBgesQueryInstructionForBgeModels() {
        assertThatThrownBy(() -> EmbeddingModels.open(settings(Map.of(Key.EMBEDDING_PROVIDER, "openai"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("embedding.url is empty");
        assertThatThrownBy(() -> EmbeddingModels.open(settings(Map.of(Key.EMBEDDING_PROVIDER, "openai",
                Key.EMBEDDING_URL, "http://gpu:8000"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("embedding.model is empty");
        assertThatThrownBy(() -> EmbeddingModels.open(settings(Map.of(Key.EMBEDDING_PROVIDER, "openai",
                Key.EMBEDDING_URL, "gpu:8000", Key.EMBEDDING_MODEL, "m"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("embedding.url");

        Settings openai = settings(Map.of(Key.EMBEDDING_PROVIDER, "OpenAI", Key.EMBEDDING_URL, "http://gpu:8000",
                Key.EMBEDDING_MODEL, "BAAI/bge-small-en-v1.5", Key.EMBEDDING_API_KEY, "k"));
        assertThat(EmbeddingModels.spec(openai)).contains(
                new EmbeddingModels.Spec(EmbeddingModels.Provider.OPENAI, "BAAI/bge-small-en-v1.5", 0));
        var config = EmbeddingModels.openAiConfig(openai);
        assertThat(config.apiKey()).isEqualTo("k");
        assertThat(config.queryPrefix()).isEqualTo(BgeSmallEmbeddingModel.QUERY_PREFIX);
        try (EmbeddingModel model = EmbeddingModels.open(openai).orElseThrow()) {
            assertThat(model).isInstanceOf(OpenAiCompatibleEmbeddingModel.class);
            assertThat(model.name()).isEqualTo("BAAI/bge-small-en-v1.5");
        }
        assertThat(EmbeddingModels.queryPrefixFor("nomic-embed-text")).isEmpty();
    }

    @Test
    void rejectsUnknownProviders() {
        assertThatThrownBy(() -> EmbeddingModels.provider(settings(Map.of(Key.EMBEDDING_PROVIDER, "cuda"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("embedding.provider must be 'onnx', 'openai' or 'none', not 'cuda'");
    }

    @Test
    void settingsComeFromTheEnvironmentToo() {
        Settings fromEnvironment = Settings.resolve(null, Map.of("PAPERBOY_EMBEDDING_PROVIDER", "none",
                "PAPERBOY_EMBEDDING_API_KEY", "secret"), Map.of());
        assertThat(Key.EMBEDDING_API_KEY.environmentVariable()).isEqualTo("PAPERBOY_EMBEDDING_API_KEY");
        assertThat(fromEnvironment.get(Key.EMBEDDING_API_KEY)).isEqualTo("secret");
        assertThat(EmbeddingModels.provider(fromEnvironment)).isEqualTo(EmbeddingModels.Provider.NONE);
    }
}
