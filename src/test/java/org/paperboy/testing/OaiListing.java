package org.paperboy.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivServer.Request;

/**
 * A ListRecords listing in arXivRaw as arXiv serves it, over pages linked by resumption tokens, for {@link ArxivServer}'s
 * {@link ArxivServer#route route}. Records are written from the template of a real arXivRaw record
 * ({@code arxiv/oai-pmh/mikesaelim_ListRecordsResponse.xml}): the same header, namespaces, version elements and date
 * format, with synthetic ids, titles and abstracts. Faults can be put before any page, and a page's token can be
 * refused as an expired one. Requests that break the protocol (a resumed request with more than verb and token, a
 * first request without metadataPrefix) are answered {@code badArgument}, as arXiv does.
 */
public final class OaiListing {

    private static final DateTimeFormatter VERSION_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Instant FIRST_VERSION = Instant.parse("2025-11-03T10:00:00Z");

    private final List<List<String>> pages;
    private volatile Instant responseDate;
    private final Map<Integer, Deque<Reply>> faults = new HashMap<>();
    private final Set<Integer> refusedOnce = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseAlways;
    private final AtomicInteger pagesServed = new AtomicInteger();

    public OaiListing(List<List<String>> pages, Instant responseDate) {
        this.pages = List.copyOf(pages);
        this.responseDate = responseDate;
    }

    /** {@code pageCount} pages of {@code perPage} new papers each, numbered from 0, all in version 1. */
    public static OaiListing ofPapers(int pageCount, int perPage, Instant responseDate) {
        List<List<String>> pages = new ArrayList<>();
        for (int p = 0; p < pageCount; p++) {
            List<String> page = new ArrayList<>();
            for (int i = 0; i < perPage; i++) {
                page.add(record(p * perPage + i, 1));
            }
            pages.add(page);
        }
        return new OaiListing(pages, responseDate);
    }

    /** The arXiv id of synthetic paper {@code n}: 2511.00000, 2511.00001, ... */
    public static String id(int n) {
        return String.format("2511.%05d", n);
    }

    /** The title of paper {@code n} in {@code version}; each version's title differs, so an update changes the paper. */
    public static String title(int n, int version) {
        return "Synthetic paper " + n + ", version " + version;
    }

    /** Paper {@code n} in {@code version} (1 to 9), with every version up to it, as an arXivRaw record. */
    public static String record(int n, int version) {
        return record(id(n), title(n, version), version, "We study problem " + n + " &amp; show that it is hard.");
    }

    public static String record(String id, String title, int version, String abstractXml) {
        StringBuilder versions = new StringBuilder();
        for (int v = 1; v <= version; v++) {
            versions.append("<version version=\"v").append(v).append("\"><date>")
                    .append(VERSION_DATE.format(FIRST_VERSION.plusSeconds(86_400L * (v - 1))))
                    .append("</date><size>").append(100 + v).append("kb</size></version>");
        }
        return """
                <record>
                <header>
                 <identifier>oai:arXiv.org:%1$s</identifier>
                 <datestamp>2025-11-20</datestamp>
                 <setSpec>cs</setSpec>
                </header>
                <metadata>
                 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
                 <id>%1$s</id><submitter>Ada Lovelace</submitter>%2$s<title>%3$s</title><authors>Ada Lovelace and \
                Charles Babbage</authors><categories>cs.LG cs.AI</categories><comments>12 pages, 3 figures</comments>\
                <license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>  %4$s
                </abstract></arXivRaw>
                </metadata>
                </record>
                """.formatted(id, versions, title, abstractXml);
    }

    /** A whole response around {@code records}; {@code token} null for the last page. */
    public static String page(Instant responseDate, List<String> records, String token) {
        return head(responseDate) + String.join("", records)
                + (token == null ? "" : "<resumptionToken cursor=\"0\">" + token + "</resumptionToken>\n") + TAIL;
    }

    /** An error response, as arXiv writes one. */
    public static String error(Instant responseDate, String code, String message) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
                <responseDate>%s</responseDate>
                <request verb="ListRecords">http://export.arxiv.org/oai2</request>
                <error code="%s">%s</error>
                </OAI-PMH>
                """.formatted(responseDate, code, message);
    }

    /**
     * One page of {@code count} records streamed as it is sent, never held whole: records of about
     * {@code abstractChars} characters of abstract each.
     */
    public static InputStream stream(Instant responseDate, int count, int abstractChars) {
        String filler = "We study the matter at length and find it hard. ".repeat(abstractChars / 48 + 1)
                .substring(0, abstractChars);
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next <= count;
            }

            @Override
            public InputStream nextElement() {
                int n = next++;
                String text = n < 0 ? head(responseDate) : n == count ? TAIL
                        : record(id(n), title(n, 1), 1, n + ". " + filler);
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    private static String head(Instant responseDate) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
                <responseDate>%s</responseDate>
                <request verb="ListRecords" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
                <ListRecords>
                """.formatted(responseDate);
    }

    private static final String TAIL = "</ListRecords>\n</OAI-PMH>\n";

    /** {@code reply}, sent in pieces of {@code bytes} with a pause after each, as over a slow link. */
    public static Reply dripped(Reply reply, int bytes, long pauseMillis) {
        return (socket, out) -> reply.send(socket, new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                for (int at = offset; at < offset + length; at += bytes) {
                    out.write(buffer, at, Math.min(bytes, offset + length - at));
                    out.flush();
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
        });
    }

    /** Answers the request for page {@code index} (0: the first) with {@code replies} first, one request each. */
    public synchronized OaiListing faultsBefore(int index, Reply... replies) {
        faults.computeIfAbsent(index, i -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    /** Refuses the token of page {@code index} once, as arXiv does with a token that expired at midnight. */
    public OaiListing refuseTokenOnce(int index) {
        refusedOnce.add(index);
        return this;
    }

    /** Refuses every token: a server that cannot page at all. */
    public OaiListing refuseEveryToken() {
        refuseAlways = true;
        return this;
    }

    public OaiListing answeredOn(Instant newResponseDate) {
        responseDate = newResponseDate;
        return this;
    }

    /** Pages answered with records so far, repeats included. */
    public int pagesServed() {
        return pagesServed.get();
    }

    /** The route to give {@link ArxivServer#route}. */
    public Reply answer(Request request) {
        Map<String, String> parameters = request.parameters();
        String token = parameters.get("resumptionToken");
        int index;
        if (token != null) {
            if (parameters.size() != 2 || !"ListRecords".equals(parameters.get("verb"))) {
                return Reply.xml(error(responseDate, "badArgument", "a resumed request carries only verb and token"));
            }
            index = Integer.parseInt(token.substring(token.indexOf('|') + 1));
        } else {
            if (!"ListRecords".equals(parameters.get("verb")) || !"arXivRaw".equals(parameters.get("metadataPrefix"))) {
                return Reply.xml(error(responseDate, "badArgument", "Illegal arguments " + parameters));
            }
            index = 0;
        }
        Reply fault = nextFault(index);
        if (fault != null) {
            return fault;
        }
        if (token != null && (refuseAlways || refusedOnce.remove(index))) {
            return Reply.xml(error(responseDate, "badResumptionToken", "The value of the resumptionToken argument is "
                    + "invalid or expired."));
        }
        pagesServed.incrementAndGet();
        String next = index + 1 < pages.size() ? "6960524|" + (index + 1) : null;
        return Reply.xml(page(responseDate, pages.get(index), next));
    }

    private synchronized Reply nextFault(int index) {
        Deque<Reply> queued = faults.getOrDefault(index, new ArrayDeque<>(Collections.emptyList()));
        return queued.poll();
    }
}
