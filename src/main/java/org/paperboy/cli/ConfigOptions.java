package org.paperboy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import picocli.CommandLine.Option;

/** The flags every command shares; they override the environment and the configuration file. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (default: $PAPERBOY_CONFIG, else ./paperboy.properties if present).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./data).")
    String dataDir;

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Store to use, e.g. jdbc:postgresql://localhost:5432/paperboy (default: SQLite in the data directory).")
    String databaseUrl;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log line format (default: text).")
    String logFormat;

    Settings resolve(Map<Key, String> moreFlags) {
        return resolve(moreFlags, Map.of());
    }

    Settings resolve(Map<Key, String> moreFlags, Map<Key, String> defaults) {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        putIfSet(flags, Key.DATA_DIR, dataDir);
        putIfSet(flags, Key.DATABASE_URL, databaseUrl);
        putIfSet(flags, Key.LOG_FORMAT, logFormat);
        flags.putAll(moreFlags);
        return Settings.resolve(configFile(), System.getenv(), flags, defaults);
    }

    private Path configFile() {
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new ConfigurationException("configuration file " + configFile + " does not exist");
            }
            return configFile;
        }
        String fromEnvironment = System.getenv("PAPERBOY_CONFIG");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Path file = Path.of(fromEnvironment);
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException("PAPERBOY_CONFIG names " + file + ", which does not exist");
            }
            return file;
        }
        Path local = Path.of("paperboy.properties");
        return Files.isRegularFile(local) ? local : null;
    }

    static void putIfSet(Map<Key, String> flags, Key key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
