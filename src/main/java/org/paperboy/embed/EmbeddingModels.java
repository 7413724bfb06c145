package org.paperboy.embed;

import java.util.Locale;
import java.util.Optional;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;

/**
 * Chooses the embedding provider from the settings ({@code embedding.provider}):
 * <ul>
 *   <li>{@code onnx} (default): {@link BgeSmallEmbeddingModel}, in-process on the CPU; {@code embedding.model} picks
 *       its {@link BgeSmallEmbeddingModel.Variant} ({@code bge-small-en-v1.5-q}, the default, or {@code
 *       bge-small-en-v1.5});</li>
 *   <li>{@code openai}: {@link OpenAiCompatibleEmbeddingModel} at {@code embedding.url} with {@code embedding.model}
 *       and, if set, {@code embedding.api-key}; models whose name contains "bge" and an English v1.5 marker get bge's
 *       query instruction (queries are prefixed as for the in-process model);</li>
 *   <li>{@code none}: no vectors; search stays keyword-only.</li>
 * </ul>
 * ONNX Runtime on a CUDA GPU is not offered: it needs the {@code onnxruntime_gpu} artifact (which conflicts with the
 * CPU one on the class path) and CUDA libraries on the host; a GPU server reachable over HTTP is the supported route.
 */
public final class EmbeddingModels {

    public enum Provider { ONNX, OPENAI, NONE }

    /** What a configured model's vectors are stored under, known without loading or contacting it. */
    public record Spec(Provider provider, String name, int dimension) {
        /** 0 when the dimension is learnt from the endpoint's first answer. */
        public boolean dimensionKnown() {
            return dimension > 0;
        }
    }

    private EmbeddingModels() {}

    public static Provider provider(Settings settings) {
        String value = settings.get(Key.EMBEDDING_PROVIDER).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "onnx", "" -> Provider.ONNX;
            case "openai" -> Provider.OPENAI;
            case "none" -> Provider.NONE;
            default -> throw new ConfigurationException("embedding.provider must be 'onnx', 'openai' or 'none', not '"
                    + settings.get(Key.EMBEDDING_PROVIDER) + "'");
        };
    }

    /** The configured model's name and dimension; empty when the provider is {@code none}. */
    public static Optional<Spec> spec(Settings settings) {
        return switch (provider(settings)) {
            case NONE -> Optional.empty();
            case ONNX -> Optional.of(new Spec(Provider.ONNX, onnxVariant(settings).modelName(),
                    BgeSmallEmbeddingModel.DIMENSION));
            case OPENAI -> Optional.of(new Spec(Provider.OPENAI, openAiConfig(settings).model(), 0));
        };
    }

    /** Opens the configured model (the caller closes it); empty when the provider is {@code none}. */
    public static Optional<EmbeddingModel> open(Settings settings) {
        return switch (provider(settings)) {
            case NONE -> Optional.empty();
            case ONNX -> Optional.of(new BgeSmallEmbeddingModel(onnxVariant(settings)));
            case OPENAI -> Optional.of(new OpenAiCompatibleEmbeddingModel(openAiConfig(settings)));
        };
    }

    static BgeSmallEmbeddingModel.Variant onnxVariant(Settings settings) {
        String model = settings.get(Key.EMBEDDING_MODEL).strip();
        if (model.isEmpty()) {
            return BgeSmallEmbeddingModel.Variant.INT8;
        }
        return BgeSmallEmbeddingModel.Variant.named(model).orElseThrow(() -> new ConfigurationException(
                "embedding.model must be 'bge-small-en-v1.5-q' or 'bge-small-en-v1.5' for provider onnx, not '"
                        + model + "'"));
    }

    static OpenAiCompatibleEmbeddingModel.Config openAiConfig(Settings settings) {
        String url = settings.get(Key.EMBEDDING_URL).strip();
        String model = settings.get(Key.EMBEDDING_MODEL).strip();
        if (url.isEmpty()) {
            throw new ConfigurationException("embedding.provider is 'openai' but embedding.url is empty "
                    + "(set it to the endpoint's base URL, e.g. http://gpu-box:8000)");
        }
        if (model.isEmpty()) {
            throw new ConfigurationException("embedding.provider is 'openai' but embedding.model is empty "
                    + "(set it to the model name the endpoint serves, e.g. BAAI/bge-small-en-v1.5)");
        }
        OpenAiCompatibleEmbeddingModel.Config config = OpenAiCompatibleEmbeddingModel.Config.of(url, model)
                .withApiKey(settings.get(Key.EMBEDDING_API_KEY))
                .withQueryPrefix(queryPrefixFor(model));
        try {
            OpenAiCompatibleEmbeddingModel.endpointOf(url);
        } catch (EmbeddingException e) {
            throw new ConfigurationException("embedding.url: " + e.getMessage());
        }
        return config;
    }

    /** bge English v1.5 models want their retrieval instruction on queries; other models get none. */
    static String queryPrefixFor(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.contains("bge") && m.contains("en") && m.contains("v1.5") ? BgeSmallEmbeddingModel.QUERY_PREFIX : "";
    }
}
