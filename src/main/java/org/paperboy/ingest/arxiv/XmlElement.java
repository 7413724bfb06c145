package org.paperboy.ingest.arxiv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One record's XML as a small tree (its size bounded by the reader), so that its fields may be read in any order. */
final class XmlElement {

    private final String name;
    private final Map<String, String> attributes = new HashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    XmlElement(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void attribute(String attributeName, String value) {
        attributes.put(attributeName, value);
    }

    String attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    void add(XmlElement child) {
        children.add(child);
    }

    void append(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    int textLength() {
        return text.length();
    }

    /** The element's own text, stripped. */
    String text() {
        return text.toString().strip();
    }

    /** The first child of that (local) name, or null. */
    XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    List<XmlElement> children() {
        return children;
    }

    /** The text of the first child of that name; null when there is none or it is blank. */
    String childText(String childName) {
        XmlElement child = child(childName);
        String value = child == null ? "" : child.text();
        return value.isEmpty() ? null : value;
    }
}
