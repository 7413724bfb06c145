package org.paperboy.mail;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message to one recipient, sent as multipart/alternative (text and HTML).
 *
 * @param headers more header fields, such as {@code List-Unsubscribe}, in the order given
 * @param messageId the Message-ID with its angle brackets, such as {@code <digest-42@example.org>}, so that a resend of
 *     the same message carries the same id; null for a fresh one on every send
 */
public record MailMessage(String to, String subject, String text, String html, Map<String, String> headers,
                          String messageId) {

    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s@]+@[^<>\\s@]+>");
    /** Set by the sender from the settings, or by Jakarta Mail: a caller's copy would be a second one. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("from", "to", "cc", "bcc", "subject",
            "date", "reply-to", "message-id", "mime-version", "content-type", "content-transfer-encoding");

    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers == null ? Map.of() : headers));
        if (subject.contains("\r") || subject.contains("\n")) {
            throw new IllegalArgumentException("a subject is one line");
        }
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches() || RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("'" + name + "' cannot be given as an extra header");
            }
            if (value.contains("\r") || value.contains("\n")) {
                throw new IllegalArgumentException("the value of header " + name + " is one line");
            }
        });
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("a Message-ID looks like <unique@host>, not '" + messageId + "'");
        }
    }

    /** A message with no extra headers and a fresh Message-ID. */
    public MailMessage(String to, String subject, String text, String html) {
        this(to, subject, text, html, Map.of(), null);
    }
}
