package org.paperboy.ingest.arxiv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
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

    /** Far above any real record (arXiv's abstracts stop at 1,920 characters), far below what hurts. */
    static final int MAX_RECORD_CHARS = 1_000_000;
    static final int MAX_RECORD_ELEMENTS = 50_000;
    /** Bytes the parser may read without producing an event: bounds what it buffers for one text node or tag. */
    static final int MAX_BYTES_PER_EVENT = 8 << 20;
    private static final int MAX_DEPTH = 64;
    private static final String OAI = "http://www.openarchives.org/OAI/2.0/";

    private final XMLInputFactory factory = safeFactory();

    /**
     * @throws OaiResponseException when the response as a whole cannot be read (records before the fault were handed on)
     * @throws IOException          when the stream itself fails
     */
    public OaiResponse read(InputStream in, Consumer<OaiRecord> records, Consumer<RecordProblem> problems) throws IOException {
        BoundedEventInput input = new BoundedEventInput(in);
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(input);
            try {
                return new Page(xml, input, records, problems).read();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new OaiResponseException("malformed OAI-PMH response: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory safeFactory() {
        // The JDK's own parser, not whichever one the class path offers, so that the limits below are the ones applied.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        return factory;
    }

    /** One response being read. */
    private static final class Page {
        private final XMLStreamReader xml;
        private final BoundedEventInput input;
        private final Consumer<OaiRecord> records;
        private final Consumer<RecordProblem> problems;
        private Instant responseDate;
        private String resumptionToken;
        private final List<OaiError> errors = new ArrayList<>();
        private int recordCount;
        private int problemCount;

        Page(XMLStreamReader xml, BoundedEventInput input, Consumer<OaiRecord> records, Consumer<RecordProblem> problems) {
            this.xml = xml;
            this.input = input;
            this.records = records;
            this.problems = problems;
        }

        OaiResponse read() throws XMLStreamException, OaiResponseException {
            int event = next();
            while (event != XMLStreamConstants.START_ELEMENT) {
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new OaiResponseException("empty OAI-PMH response");
                }
                event = next();
            }
            if (!"OAI-PMH".equals(xml.getLocalName()) || !OAI.equals(xml.getNamespaceURI())) {
                throw new OaiResponseException("not an OAI-PMH response: its root element is <"
                        + PaperId.abbreviate(xml.getLocalName()) + ">");
            }
            while (nextChild()) {
                switch (xml.getLocalName()) {
                    case "responseDate" -> responseDate = responseDate(elementText());
                    case "error" -> errors.add(new OaiError(OaiError.Code.of(xml.getAttributeValue(null, "code")),
                            elementText().strip()));
                    case "ListRecords", "GetRecord" -> readList();
                    default -> skip();
                }
            }
            while (next() != XMLStreamConstants.END_DOCUMENT) {
                // Comments and whitespace may follow the root; anything else is refused by the parser itself.
            }
            if (responseDate == null) {
                throw new OaiResponseException("the OAI-PMH response has no responseDate");
            }
            return new OaiResponse(responseDate, resumptionToken, errors, recordCount, problemCount);
        }

        private void readList() throws XMLStreamException, OaiResponseException {
            while (nextChild()) {
                switch (xml.getLocalName()) {
                    case "record" -> readRecord();
                    case "resumptionToken" -> resumptionToken = elementText().strip();
                    default -> skip();
                }
            }
        }

        /** Builds the record's tree within its limits; past them, reads on to its end without keeping anything. */
        private void readRecord() throws XMLStreamException, OaiResponseException {
            XmlElement record = new XmlElement("record");
            Deque<XmlElement> open = new ArrayDeque<>();
            open.push(record);
            int depth = 1;
            int chars = 0;
            int elements = 1;
            String tooLarge = null;
            while (depth > 0) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (tooLarge == null && ++elements > MAX_RECORD_ELEMENTS) {
                        tooLarge = String.format("the record has more than %,d elements", MAX_RECORD_ELEMENTS);
                    }
                    if (tooLarge == null) {
                        XmlElement child = new XmlElement(xml.getLocalName());
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            child.attribute(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                        }
                        open.peek().add(child);
                        open.push(child);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (tooLarge == null) {
                        open.pop();
                    }
                } else if (isText(event) && tooLarge == null) {
                    chars += xml.getTextLength();
                    if (chars > MAX_RECORD_CHARS) {
                        tooLarge = String.format("the record has more than %,d characters of text", MAX_RECORD_CHARS);
                    } else {
                        open.peek().append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    }
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new OaiResponseException("the response ends inside a record");
                }
            }
            String identifier = OaiMetadata.identifier(record);
            if (tooLarge != null) {
                problem(identifier, tooLarge);
                return;
            }
            OaiRecord read;
            try {
                read = OaiMetadata.toRecord(record);
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

        /** Moves to the next child element of the current one; false at the current one's end. */
        private boolean nextChild() throws XMLStreamException {
            while (true) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
                if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                    return false;
                }
            }
        }

        private void skip() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    return;
                }
            }
        }

        private int next() throws XMLStreamException {
            int event;
            try {
                event = xml.next();
            } catch (RuntimeException parserFault) {
                throw parserFailed(parserFault);
            }
            input.eventRead();
            if (event == XMLStreamConstants.DTD) {
                throw new XMLStreamException("a DOCTYPE is not allowed (DTDs and entities are never processed)");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new XMLStreamException("an entity reference is not allowed: '" + xml.getLocalName() + "'");
            }
            return event;
        }

        /** The element's text; like {@link #next()}, within the limits on bytes between events. */
        private String elementText() throws XMLStreamException {
            try {
                String text = xml.getElementText();
                input.eventRead();
                return text;
            } catch (RuntimeException parserFault) {
                throw parserFailed(parserFault);
            }
        }

        /**
         * The JDK's parser throws unchecked exceptions on some malformed input (a bad character in a skipped DTD ends
         * in a MissingResourceException for its own message); those are malformed responses too.
         */
        private static XMLStreamException parserFailed(RuntimeException fault) {
            return new XMLStreamException("the XML parser failed (" + fault + ")", fault);
        }

        private static boolean isText(int event) {
            return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE;
        }

        private static Instant responseDate(String text) throws OaiResponseException {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new OaiResponseException("invalid responseDate '" + PaperId.abbreviate(text) + "'");
            }
        }
    }

    /**
     * Refuses to let the parser read more than {@link #MAX_BYTES_PER_EVENT} bytes without producing an event: a
     * parser may gather a whole text node or tag in memory, and a response could make that node as large as it likes.
     */
    private static final class BoundedEventInput extends FilterInputStream {
        private long sinceEvent;

        BoundedEventInput(InputStream in) {
            super(in);
        }

        void eventRead() {
            sinceEvent = 0;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            sinceEvent += n;
            if (sinceEvent > MAX_BYTES_PER_EVENT) {
                throw new IOException(String.format("more than %,d bytes without an element boundary", MAX_BYTES_PER_EVENT));
            }
        }
    }
}
