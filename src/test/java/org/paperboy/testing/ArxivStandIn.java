package org.paperboy.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivServer.Request;

/**
 * How an {@link ArxivServer} answers fetches by id, as arXiv does: OAI-PMH {@code GetRecord} under {@code /oai}
 * (the record, or the real {@code idDoesNotExist} answer) and the search API's {@code id_list} under {@code /api} (a
 * feed of the entries it has, empty when none). Papers are added as answer bodies; {@link #down} makes every request
 * hang, as an unreachable arXiv does.
 */
public final class ArxivStandIn implements Function<Request, Reply> {

    public static final String ID_DOES_NOT_EXIST = "/arxiv/oai-pmh/mikesaelim_ErrorResponseIdDoesNotExist.xml";
    private static final String OAI_PREFIX = "oai:arXiv.org:";

    private final Map<String, String> records = new ConcurrentHashMap<>();
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** The {@code GetRecord} answer for this id. */
    public ArxivStandIn oai(String id, String getRecordResponse) {
        records.put(id, getRecordResponse);
        return this;
    }

    /** The API's {@code <entry>} for this id. */
    public ArxivStandIn api(String id, String entry) {
        entries.put(id, entry);
        return this;
    }

    public ArxivStandIn down(boolean hang) {
        this.down = hang;
        return this;
    }

    @Override
    public Reply apply(Request request) {
        if (down) {
            return Reply.hang();
        }
        if (request.path().endsWith("/oai")) {
            String id = request.parameter("identifier").substring(OAI_PREFIX.length());
            String record = records.get(id);
            return record == null ? Reply.resource(ID_DOES_NOT_EXIST) : Reply.xml(record);
        }
        if (request.path().endsWith("/api")) {
            return Reply.xml(feed(Arrays.stream(request.parameter("id_list").split(","))
                    .map(entries::get).filter(e -> e != null).toArray(String[]::new)));
        }
        return Reply.status(404, Map.of(), "no route for " + request.target());
    }

    /** An API answer with these entries (none: what arXiv answers for ids it does not have). */
    public static String feed(String... entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                + "xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n<title type=\"html\">ArXiv Query</title>\n"
                + String.join("\n", entries) + "\n</feed>\n";
    }

    /** An API entry as arXiv writes one; {@code versionedId} like {@code 2611.00001v2}. */
    public static String apiEntry(String versionedId, String title, Instant published, Instant updated, String... authors) {
        return "<entry>\n<id>http://arxiv.org/abs/" + versionedId + "</id>\n<updated>" + updated + "</updated>\n"
                + "<published>" + published + "</published>\n<title>" + title + "</title>\n"
                + "<summary>  An abstract of " + title + ".\n</summary>\n"
                + Arrays.stream(authors).map(a -> "<author><name>" + a + "</name></author>").collect(Collectors.joining("\n"))
                + "\n<arxiv:primary_category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
                + "<category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>\n</entry>";
    }

    /** A {@code GetRecord} answer in {@code arXivRaw} for a paper with one version. */
    public static String getRecord(String id, String title, Instant submitted) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(submitted.atOffset(ZoneOffset.UTC));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
                + "<responseDate>" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "</responseDate>\n"
                + "<GetRecord><record><header><identifier>" + OAI_PREFIX + id + "</identifier>"
                + "<datestamp>" + submitted.atOffset(ZoneOffset.UTC).toLocalDate() + "</datestamp></header>\n"
                + "<metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>" + id + "</id>"
                + "<version version=\"v1\"><date>" + date + "</date><size>100kb</size></version>"
                + "<title>" + title + "</title><authors>Ada Lovelace and Charles Babbage</authors>"
                + "<categories>cs.LG stat.ML</categories><abstract>An abstract of " + title + ".</abstract>"
                + "</arXivRaw></metadata></record></GetRecord>\n</OAI-PMH>\n";
    }
}
