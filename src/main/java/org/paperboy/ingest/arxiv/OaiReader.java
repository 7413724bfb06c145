package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.PaperId;

/**
 * Reads one OAI-PMH response of arXiv's ({@code ListRecords} or {@code GetRecord}, in {@code arXivRaw}, {@code arXiv}
 * or {@code oai_dc}) as a stream: each record goes to the consumer as soon as it is read, so memory stays bounded by
 * one record whatever the response's size. A record that cannot be read goes to the problem consumer and the rest of
 * the response is read; a response that is not well-formed, declares a DTD or exceeds a limit is an
 * {@link OaiResponseException}. Not thread-safe; cheap to create.
 */
public final class OaiReader {

    private static final String OAI = "http://www.openarchives.org/OAI/2.0/";

    /**
     * @throws OaiResponseException when the response as a whole cannot be read (records before the fault were handed on)
     * @throws IOException          when the stream itself fails
     */
    public OaiResponse read(InputStream in, Consumer<OaiRecord> records, Consumer<RecordProblem> problems) throws IOException {
        try (BoundedXml xml = BoundedXml.open(in)) {
            return new Page(xml, records, problems).read();
        } catch (XMLStreamException e) {
            throw new OaiResponseException("malformed OAI-PMH response: " + e.getMessage(), e);
        }
    }

    /** One response being read. */
    private static final class Page {
        private final BoundedXml xml;
        private final Consumer<OaiRecord> records;
        private final Consumer<RecordProblem> problems;
        private Instant responseDate;
        private String resumptionToken;
        private final List<OaiError> errors = new ArrayList<>();
        private int recordCount;
        private int problemCount;

        Page(BoundedXml xml, Consumer<OaiRecord> records, Consumer<RecordProblem> problems) {
            this.xml = xml;
            this.records = records;
            this.problems = problems;
        }

        OaiResponse read() throws XMLStreamException, OaiResponseException {
            xml.toRoot("OAI-PMH response");
            XMLStreamReader root = xml.xml();
            if (!"OAI-PMH".equals(root.getLocalName()) || !OAI.equals(root.getNamespaceURI())) {
                throw new OaiResponseException("not an OAI-PMH response: its root element is <"
                        + PaperId.abbreviate(root.getLocalName()) + ">");
            }
            while (xml.nextChild()) {
                switch (xml.xml().getLocalName()) {
                    case "responseDate" -> responseDate = responseDate(xml.elementText());
                    case "error" -> errors.add(new OaiError(OaiError.Code.of(xml.xml().getAttributeValue(null, "code")),
                            xml.elementText().strip()));
                    case "ListRecords", "GetRecord" -> readList();
                    default -> xml.skip();
                }
            }
            xml.toEnd();
            if (responseDate == null) {
                throw new OaiResponseException("the OAI-PMH response has no responseDate");
            }
            return new OaiResponse(responseDate, resumptionToken, errors, recordCount, problemCount);
        }

        private void readList() throws XMLStreamException {
            while (xml.nextChild()) {
                switch (xml.xml().getLocalName()) {
                    case "record" -> readRecord();
                    case "resumptionToken" -> resumptionToken = xml.elementText().strip();
                    default -> xml.skip();
                }
            }
        }

        private void readRecord() throws XMLStreamException {
            BoundedXml.Tree tree = xml.readTree();
            String identifier = OaiMetadata.identifier(tree.element());
            if (tree.tooLarge() != null) {
                problem(identifier, tree.tooLarge());
                return;
            }
            OaiRecord read;
            try {
                read = OaiMetadata.toRecord(tree.element());
            } catch (InvalidPaperException e) {
                problem(identifier, e.getMessage());
                return;
            }
            recordCount++;
            records.accept(read);
        }

        private void problem(String identifier, String reason) {
            problemCount++;
            problems.accept(new RecordProblem(identifier, reason));
        }

        private static Instant responseDate(String text) throws OaiResponseException {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new OaiResponseException("invalid responseDate '" + PaperId.abbreviate(text) + "'");
            }
        }
    }
}
