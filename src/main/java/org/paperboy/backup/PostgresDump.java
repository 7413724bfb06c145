package org.paperboy.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pg_dump} and {@code pg_restore} command lines for a PostgreSQL store: its own tools copy a live
 * database consistently, which Paperboy would only do worse. The password is never printed; it comes from
 * {@code PGPASSWORD} or {@code ~/.pgpass}.
 */
public final class PostgresDump {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    /** {@code jdbc:postgresql://HOST[:PORT][,HOST[:PORT]...]/DATABASE[?PARAMETERS]}, or {@code jdbc:postgresql:DATABASE}. */
    private static final Pattern URL = Pattern.compile("jdbc:postgresql:(?://([^/?]*)/?)?([^?]*)(?:\\?.*)?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[^]]*]|[^:]*)(?::(\\d+))?");
    private static final String DEFAULT_PORT = "5432";

    private final List<String> connection;
    /** A primary and its standbys: the restore must reach whichever is the primary now. */
    private final boolean severalHosts;

    public PostgresDump(String jdbcUrl, String user) {
        Matcher url = URL.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        String hostList = url.group(1) == null ? "" : url.group(1);
        for (String host : hostList.split(",")) {
            Matcher hostPort = HOST_PORT.matcher(host);
            hostPort.matches();
            hosts.add(hostPort.group(1).replaceAll("^\\[|]$", "")); // libpq takes IPv6 addresses bare
            ports.add(hostPort.group(2) == null ? DEFAULT_PORT : hostPort.group(2));
        }
        List<String> args = new ArrayList<>();
        if (!hostList.isEmpty()) {
            // libpq pairs the lists: each host with its port, tried in order
            args.add("--host=" + String.join(",", hosts));
            args.add("--port=" + String.join(",", ports));
        }
        if (user != null && !user.isBlank()) {
            args.add("--username=" + user);
        }
        args.add("--dbname=" + (url.group(2).isEmpty() ? "paperboy" : url.group(2)));
        this.connection = List.copyOf(args);
        this.severalHosts = hosts.size() > 1;
    }

    public String dumpCommand(String file) {
        return command("pg_dump", "--format=custom", "--file=" + file);
    }

    public String restoreCommand(String file) {
        String restore = command("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", file);
        return severalHosts ? "PGTARGETSESSIONATTRS=read-write " + restore : restore;
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
