package org.paperboy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message as a mail program reads it: a multipart/alternative with a text/plain and a text/html part (both required),
 * decoded, and its headers.
 */
public record ReceivedMail(MimeMessage message, String subject, String text, String html) {

    public static ReceivedMail of(MimeMessage message) {
        try {
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            MimeMultipart parts = (MimeMultipart) message.getContent();
            String text = null;
            String html = null;
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    text = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    html = (String) part.getContent();
                }
            }
            assertThat(text).as("the text/plain part").isNotNull();
            assertThat(html).as("the text/html part").isNotNull();
            return new ReceivedMail(message, message.getSubject(), text, html);
        } catch (MessagingException | IOException e) {
            throw new AssertionError("an unreadable message", e);
        }
    }

    /** The header's one value; fails when it is missing or repeated. */
    public String header(String name) {
        try {
            String[] values = message.getHeader(name);
            assertThat(values).as("header " + name).isNotNull().hasSize(1);
            return values[0];
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The one link in the text part that {@code link} matches in full, having checked that the HTML part links it
     * too; {@code link} must not match the characters around a URL in text ({@code <>}, spaces, quotes).
     */
    public String link(Pattern link) {
        Matcher inText = Pattern.compile("(?<![^\\s<(])" + link.pattern() + "(?=[\\s>)]|$)", Pattern.MULTILINE)
                .matcher(text);
        assertThat(inText.find()).as("a link matching " + link + " in the text part:\n" + text).isTrue();
        String url = inText.group();
        assertThat(html).as("the HTML part links " + url).contains("href=\"" + url.replace("&", "&amp;") + "\"");
        return url;
    }

    /** The HTML part as a file in {@code dir}, for a browser to open as a mail program shows it. */
    public Path saveHtml(Path dir, String name) {
        try {
            return Files.writeString(Files.createDirectories(dir).resolve(name + ".html"), html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
