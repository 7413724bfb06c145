package org.paperboy.ingest.arxiv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader over XML from arXiv with the limits every response gets, whatever it holds: no DTD and no entity
 * is ever processed (a DOCTYPE is refused, so neither an external entity nor a billion laughs can act), nesting is
 * bounded, the parser may not read far without producing an event, and an element read as a tree is bounded in
 * text and elements. The OAI-PMH reader and the Atom readers (announcement feeds, the search API) all read
 * through it. Not thread-safe.
 */
final class BoundedXml implements AutoCloseable {

    /** Far above any real record (arXiv's abstracts stop at 1,920 characters), far below what hurts. */
    static final int MAX_TREE_CHARS = 1_000_000;
    static final int MAX_TREE_ELEMENTS = 50_000;
    /** Bytes the parser may read without producing an event: bounds what it buffers for one text node or tag. */
    static final int MAX_BYTES_PER_EVENT = 8 << 20;
    private static final int MAX_DEPTH = 64;
    private static final XMLInputFactory FACTORY = safeFactory();

    /** An element read as a tree, or, when it exceeded a limit, why it was dropped (it was read to its end). */
    record Tree(XmlElement element, String tooLarge) {}

    private final XMLStreamReader xml;
    private final BoundedEventInput input;

    private BoundedXml(XMLStreamReader xml, BoundedEventInput input) {
        this.xml = xml;
        this.input = input;
    }

    static BoundedXml open(InputStream in) throws XMLStreamException {
        BoundedEventInput input = new BoundedEventInput(in);
        return new BoundedXml(FACTORY.createXMLStreamReader(input), input);
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

    /** The underlying reader, positioned where the last call left it: for names, namespaces and attributes. */
    XMLStreamReader xml() {
        return xml;
    }

    /** Moves to the root element; fails on an empty document. */
    void toRoot(String what) throws XMLStreamException {
        int event = next();
        while (event != XMLStreamConstants.START_ELEMENT) {
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("empty " + what);
            }
            event = next();
        }
    }

    /** Reads to the end of the document: only comments and whitespace may follow the root (the parser checks). */
    void toEnd() throws XMLStreamException {
        while (next() != XMLStreamConstants.END_DOCUMENT) {
            // nothing to keep
        }
    }

    int next() throws XMLStreamException {
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

    /** Moves to the next child element of the current one; false at the current one's end. */
    boolean nextChild() throws XMLStreamException {
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

    /** Reads past the current element, keeping nothing. */
    void skip() throws XMLStreamException {
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

    /** The current element's text; like {@link #next()}, within the limit on bytes between events. */
    String elementText() throws XMLStreamException {
        try {
            String text = xml.getElementText();
            input.eventRead();
            return text;
        } catch (RuntimeException parserFault) {
            throw parserFailed(parserFault);
        }
    }

    /** Builds the current element's tree within the limits; past them, reads on to its end without keeping anything. */
    Tree readTree() throws XMLStreamException {
        XmlElement root = new XmlElement(xml.getLocalName());
        addAttributes(root);
        Deque<XmlElement> open = new ArrayDeque<>();
        open.push(root);
        int depth = 1;
        int chars = 0;
        int elements = 1;
        String tooLarge = null;
        while (depth > 0) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (tooLarge == null && ++elements > MAX_TREE_ELEMENTS) {
                    tooLarge = String.format("the record has more than %,d elements", MAX_TREE_ELEMENTS);
                }
                if (tooLarge == null) {
                    XmlElement child = new XmlElement(xml.getLocalName());
                    addAttributes(child);
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
                if (chars > MAX_TREE_CHARS) {
                    tooLarge = String.format("the record has more than %,d characters of text", MAX_TREE_CHARS);
                } else {
                    open.peek().append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("the response ends inside a record");
            }
        }
        return new Tree(root, tooLarge);
    }

    private void addAttributes(XmlElement element) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            element.attribute(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
    }

    @Override
    public void close() throws XMLStreamException {
        xml.close();
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
