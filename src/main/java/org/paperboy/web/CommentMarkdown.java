package org.paperboy.web;

import java.util.Set;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Comments are written in a safe subset of Markdown: emphasis, code, links, lists, quotes and code blocks. Raw HTML
 * is shown as text, links may only be http(s) or mailto and carry rel="nofollow ugc noopener", images become links,
 * and headings and rules stay plain text (a comment should not shout).
 */
public final class CommentMarkdown {

    private static final Parser PARSER = Parser.builder()
            .enabledBlockTypes(Set.of(BlockQuote.class, FencedCodeBlock.class, IndentedCodeBlock.class, ListBlock.class))
            .postProcessor(CommentMarkdown::imagesToLinks)
            .build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow ugc noopener");
                }
            })
            .build();

    private CommentMarkdown() {}

    /** The comment as HTML that is safe to put in a page as it is. */
    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }

    /** An image would load a third party's URL in every reader's browser; a link to it does not. */
    private static Node imagesToLinks(Node document) {
        document.accept(new org.commonmark.node.AbstractVisitor() {
            @Override
            public void visit(Image image) {
                Link link = new Link(image.getDestination(), image.getTitle());
                Node child = image.getFirstChild();
                while (child != null) {
                    Node next = child.getNext();
                    link.appendChild(child);
                    child = next;
                }
                if (link.getFirstChild() == null) {
                    link.appendChild(new Text(image.getDestination()));
                }
                image.insertAfter(link);
                image.unlink();
            }
        });
        return document;
    }
}
