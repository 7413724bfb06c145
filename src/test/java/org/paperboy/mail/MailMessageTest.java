package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailMessageTest {

    @Test
    void aHeaderValueCannotStartAnotherHeader() {
        assertThatThrownBy(() -> new MailMessage("a@example.org", "s", "t", "h",
                Map.of("List-Unsubscribe", "<https://x.example/u/1>\r\nBcc: victim@example.org"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> new MailMessage("a@example.org", "two\nlines", "t", "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "message-id", "Content-Type", "Bad Name", "Colon:"})
    void headersTheSenderSetsOrMalformedNamesAreRefused(String name) {
        assertThatThrownBy(() -> new MailMessage("a@example.org", "s", "t", "h", Map.of(name, "x"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"digest-1@example.org", "<digest-1>", "<a b@example.org>", "<x@y>z"})
    void aMessageIdLooksLikeOne(String id) {
        assertThatThrownBy(() -> new MailMessage("a@example.org", "s", "t", "h", Map.of(), id))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Message-ID");
    }

    @Test
    void headersKeepTheirOrderAndCannotBeChanged() {
        MailMessage message = new MailMessage("a@example.org", "s", "t", "h",
                new java.util.LinkedHashMap<>(Map.of("X-One", "1")), "<d-1@example.org>");

        assertThat(message.headers()).containsExactly(Map.entry("X-One", "1"));
        assertThatThrownBy(() -> message.headers().put("X-Two", "2")).isInstanceOf(UnsupportedOperationException.class);
    }
}
