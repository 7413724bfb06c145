import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for arXiv's OAI-PMH service for the harvest benchmark (run as a source file: {@code java
 * -cp target/paperboy.jar bench/OaiReplay.java CORPUS RECORDS PAGE_SIZE PORT}). It answers ListRecords in arXivRaw with RECORDS records made
 * from a Paperboy-format corpus (the 74k arXiv papers), PAGE_SIZE to a page linked by resumption tokens, as arXiv
 * does (2,500 a page there). Beyond the corpus's size it goes round again with the ids moved ten years back (2503.11731
 * becomes 1503.11731), so that every record is a distinct paper. The pages are written as they are sent, so this
 * server's own memory does not grow with RECORDS. Prints "listening on PORT" once ready.
 */
public class OaiReplay {

    record Source(String id, String title, String abstractText, List<String> authors, List<String> categories,
                  String comment, String announced) {}

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    public static void main(String[] args) throws IOException {
        List<Source> corpus = read(Path.of(args[0]));
        int records = Integer.parseInt(args[1]);
        int pageSize = Integer.parseInt(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[3])), 16);
        server.createContext("/oai", exchange -> answer(exchange, corpus, records, pageSize));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort() + " (" + records + " records, " + pageSize + " a page)");
    }

    private static void answer(HttpExchange exchange, List<Source> corpus, int records, int pageSize) throws IOException {
        Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
        String token = query.get("resumptionToken");
        int start = token == null ? 0 : Integer.parseInt(token);
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody();
             Writer out = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
                    + "<responseDate>" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "</responseDate>\n<request verb=\"ListRecords\">http://127.0.0.1/oai</request>\n<ListRecords>\n");
            int end = Math.min(records, start + pageSize);
            for (int i = start; i < end; i++) {
                record(out, corpus.get(i % corpus.size()), i / corpus.size());
            }
            out.write("<resumptionToken>" + (end < records ? String.valueOf(end) : "") + "</resumptionToken>\n");
            out.write("</ListRecords>\n</OAI-PMH>\n");
        }
    }

    private static void record(Writer out, Source paper, int round) throws IOException {
        String id = round == 0 ? paper.id() : shift(paper.id(), round);
        LocalDate announced = LocalDate.parse(paper.announced()).minusYears(10L * round);
        String submitted = RFC_1123.format(announced.minusDays(2).atTime(15, 0).atZone(ZoneOffset.UTC));
        out.write("<record><header><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>" + announced
                + "</datestamp>");
        for (String category : paper.categories()) {
            out.write("<setSpec>" + setSpec(category) + "</setSpec>");
        }
        out.write("</header><metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>" + id + "</id>"
                + "<submitter>" + escape(paper.authors().isEmpty() ? "" : paper.authors().get(0)) + "</submitter>"
                + "<version version=\"v1\"><date>" + submitted + "</date><size>1024kb</size></version>"
                + "<title>" + escape(paper.title()) + "</title><authors>" + escape(String.join(", ", paper.authors()))
                + "</authors><categories>" + String.join(" ", paper.categories()) + "</categories>"
                + (paper.comment() == null ? "" : "<comments>" + escape(paper.comment()) + "</comments>")
                + "<license>http://creativecommons.org/licenses/by/4.0/</license>"
                + "<abstract>" + escape(paper.abstractText()) + "</abstract></arXivRaw></metadata></record>\n");
    }

    /** cs.CV → cs:cs:CV, as arXiv names a category's set. */
    private static String setSpec(String category) {
        int dot = category.indexOf('.');
        return dot < 0 ? category : category.substring(0, dot) + ":" + category.substring(0, dot) + ":" + category.substring(dot + 1);
    }

    /** 2503.11731 → 1503.11731 (round 1): a real-looking id of another paper. */
    private static String shift(String id, int round) {
        int year = Integer.parseInt(id.substring(0, 2)) - 10 * round;
        return String.format("%02d", year) + id.substring(2);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    /** The corpus, read with the Jackson that Paperboy's jar carries (run with {@code -cp target/paperboy.jar}). */
    private static List<Source> read(Path corpus) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Source> sources = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                var paper = json.readTree(line);
                sources.add(new Source(paper.path("id").asText(), paper.path("title").asText(),
                        paper.path("abstract").asText(), strings(paper.path("authors")), strings(paper.path("categories")),
                        paper.path("comment").isTextual() ? paper.path("comment").asText() : null,
                        paper.path("announced").asText()));
            }
        }
        return sources;
    }

    private static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
