package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import org.paperboy.catalog.PaperId;

/**
 * Reads an Atom feed from arXiv (an announcement feed, or an answer of the search API) as a stream: each {@code
 * <entry>} goes to the consumer as a small tree as soon as it is read, within {@link BoundedXml}'s limits; an entry
 * over them goes to the problem consumer. Not thread-safe; cheap to create.
 */
final class AtomReader {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    /** What the feed said about itself: the elements besides its entries, read as text (title, updated…). */
    record Feed(XmlElement head, int entries, int problems) {}

    /**
     * @throws MalformedResponseException when the document is no well-formed Atom feed or breaks a limit
     * @throws IOException                when the stream itself fails
     */
    Feed read(InputStream in, Consumer<XmlElement> entries, Consumer<RecordProblem> problems) throws IOException {
        try (BoundedXml xml = BoundedXml.open(in)) {
            xml.toRoot("Atom feed");
            if (!"feed".equals(xml.xml().getLocalName()) || !ATOM.equals(xml.xml().getNamespaceURI())) {
                throw new MalformedResponseException("not an Atom feed: its root element is <"
                        + PaperId.abbreviate(xml.xml().getLocalName()) + ">");
            }
            XmlElement head = new XmlElement("feed");
            int entryCount = 0;
            int problemCount = 0;
            while (xml.nextChild()) {
                BoundedXml.Tree tree = xml.readTree();
                if (tree.tooLarge() != null) {
                    problemCount++;
                    problems.accept(new RecordProblem(null, tree.tooLarge()));
                } else if (tree.element().name().equals("entry")) {
                    entryCount++;
                    entries.accept(tree.element());
                } else {
                    head.add(tree.element());
                }
            }
            xml.toEnd();
            return new Feed(head, entryCount, problemCount);
        } catch (XMLStreamException e) {
            throw new MalformedResponseException("malformed Atom feed: " + e.getMessage(), e);
        }
    }
}
