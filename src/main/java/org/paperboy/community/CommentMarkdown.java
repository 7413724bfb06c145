package org.paperboy.community;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Comments are written in a safe subset of Markdown: emphasis, code, links (bare addresses too), lists, quotes and
 * code blocks. Raw HTML is shown as text, links may only be http(s) or mailto and carry rel="nofollow ugc noopener",
 * images become links, and headings and rules stay plain text (a comment should not shout).
 *
 * <p>A comment is rendered once, when it is written, and its HTML is stored with it; a body this class refuses is
 * refused before it is stored, so no stored comment can break the page that shows it.
 */
public final class CommentMarkdown {

    /** Levels of nested quotes, lists, emphasis and links: several times what an honest comment uses. */
    static final int MAX_NESTING = 20;

    /**
     * Ten times the longest body: room for a body full of characters that need escaping, but not for a link
     * reference definition with a long URL used a thousand times, which expands 10 kB to megabytes.
     */
    static final int MAX_HTML_LENGTH = 10 * Comment.MAX_LENGTH;

    /**
     * commonmark-java's inline parser recurses once per level of nested emphasis or images, and a body of
     * {@link Comment#MAX_LENGTH} characters nests thousands deep before the nesting limit can look at it: rendering
     * runs on a thread with a stack many times what such a body needs, whatever the stack of the caller's thread.
     */
    private static final long STACK_BYTES = 16L << 20;

    /**
     * The schemes a link may have. Browsers drop tabs and line breaks anywhere in a URL and control characters and
     * spaces at its ends, so the scheme is read after doing the same: "java&amp;#9;script:" is javascript.
     */
    private static final Pattern ALLOWED_URL = Pattern.compile("(?:https?|mailto):.*", Pattern.DOTALL);
    private static final Pattern IGNORED_BY_BROWSERS = Pattern.compile("[\\t\\n\\r]|^[\\x00-\\x20]+|[\\x00-\\x20]+$");

    /** Bare addresses ("see https://github.com/...") become links too, as readers expect. */
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(AutolinkExtension.create()))
            .enabledBlockTypes(Set.of(BlockQuote.class, FencedCodeBlock.class, IndentedCodeBlock.class, ListBlock.class))
            .build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow ugc noopener");
                }
            })
            .build();

    private CommentMarkdown() {}

    /**
     * The comment as HTML that is safe to put in a page as it is.
     *
     * @throws CommunityException (invalid) if the body nests too deeply or expands to too much HTML
     */
    public static String toHtml(String markdown) {
        FutureTask<String> render = new FutureTask<>(() -> render(markdown));
        Thread.ofPlatform().name("comment-markdown").daemon().stackSize(STACK_BYTES).start(render);
        try {
            return render.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering a comment", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("cannot render a comment", e.getCause());
        }
    }

    /**
     * A stored comment's HTML: rendered, or, for a body written before today's limits that breaks them, the body as
     * escaped plain text.
     */
    public static String toHtmlOrPlainText(String markdown) {
        try {
            return toHtml(markdown);
        } catch (RuntimeException e) {
            Paragraph paragraph = new Paragraph();
            paragraph.appendChild(new Text(markdown));
            Document document = new Document();
            document.appendChild(paragraph);
            return RENDERER.render(document);
        }
    }

    private static String render(String markdown) {
        Node document = PARSER.parse(markdown);
        int nesting = nesting(document);
        if (nesting > MAX_NESTING) {
            throw CommunityException.invalid("this comment nests quotes, lists, emphasis or links " + nesting
                    + " levels deep; at most " + MAX_NESTING + " are allowed");
        }
        all(document, Image.class).forEach(CommentMarkdown::imageToLink);
        all(document, Link.class).forEach(CommentMarkdown::keepOnlyAllowedLink);
        String html = RENDERER.render(document);
        if (html.length() > MAX_HTML_LENGTH) {
            throw CommunityException.invalid("this comment would be " + html.length() + " characters of HTML, more "
                    + "than the " + MAX_HTML_LENGTH + " allowed (is one long link used many times?)");
        }
        return html;
    }

    /** The depth of the deepest node under {@code root}, walked without recursion. */
    private static int nesting(Node root) {
        int depth = 0;
        int deepest = 0;
        Node node = root;
        while (node != null) {
            deepest = Math.max(deepest, depth);
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
                depth++;
                continue;
            }
            while (node != root && node.getNext() == null) {
                node = node.getParent();
                depth--;
            }
            node = node == root ? null : node.getNext();
        }
        return deepest;
    }

    /** The nodes of one type, collected before any is changed (a visitor would skip nodes inserted as it goes). */
    private static <T extends Node> List<T> all(Node document, Class<T> type) {
        List<T> found = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            protected void visitChildren(Node parent) {
                if (type.isInstance(parent)) {
                    found.add(type.cast(parent));
                }
                super.visitChildren(parent);
            }
        });
        return found;
    }

    /** An image would load a third party's URL in every reader's browser; a link to it does not. */
    private static void imageToLink(Image image) {
        Link link = new Link(image.getDestination(), image.getTitle());
        for (Node child = image.getFirstChild(); child != null; child = image.getFirstChild()) {
            link.appendChild(child);
        }
        if (link.getFirstChild() == null) {
            link.appendChild(new Text(image.getDestination()));
        }
        image.insertAfter(link);
        image.unlink();
    }

    /** A link to anything but http(s) or mailto (javascript:, data:, a relative path) is left as its text. */
    private static void keepOnlyAllowedLink(Link link) {
        String url = IGNORED_BY_BROWSERS.matcher(link.getDestination()).replaceAll("");
        if (ALLOWED_URL.matcher(url.toLowerCase(Locale.ROOT)).matches()) {
            link.setDestination(url);
            return;
        }
        for (Node child = link.getFirstChild(); child != null; child = link.getFirstChild()) {
            link.insertBefore(child);
        }
        link.unlink();
    }
}
