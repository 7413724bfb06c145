package org.paperboy.backup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code pg_dump} and {@code pg_restore} command lines for a PostgreSQL store: its own tools copy a live
 * database consistently, which Paperboy would only do worse. The password is never printed; it comes from
 * {@code PGPASSWORD} or {@code ~/.pgpass}.
 */
public final class PostgresDump {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final List<String> connection;

    public PostgresDump(String jdbcUrl, String user) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        List<String> args = new ArrayList<>();
        if (uri.getHost() != null) {
            args.add("--host=" + uri.getHost());
        }
        if (uri.getPort() > 0) {
            args.add("--port=" + uri.getPort());
        }
        if (user != null && !user.isBlank()) {
            args.add("--username=" + user);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        args.add("--dbname=" + (path.isEmpty() ? "paperboy" : path));
        this.connection = List.copyOf(args);
    }

    public String dumpCommand(String file) {
        return command("pg_dump", "--format=custom", "--file=" + file);
    }

    public String restoreCommand(String file) {
        return command("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", file);
    }

    private String command(String tool, String... more) {
        List<String> words = new ArrayList<>(List.of(tool));
        words.addAll(connection);
        words.addAll(List.of(more));
        return String.join(" ", words.stream().map(PostgresDump::quote).toList());
    }

    private static String quote(String word) {
        return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
