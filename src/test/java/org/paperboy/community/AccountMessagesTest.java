package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.paperboy.mail.MailMessage;

class AccountMessagesTest {

    private final AccountMessages messages = new AccountMessages("https://papers.example.org");
    private final User ada = new User(1, "ada", "Ada", "ada@example.org", Role.MEMBER, Instant.EPOCH);

    @Test
    void linksAreAbsoluteAndTheAddressIsEscapedInTheHtml() {
        MailMessage mail = messages.verify(ada, "a<b>&\"c@example.org", "s3cr3t-_");
        assertThat(mail.to()).isEqualTo("a<b>&\"c@example.org");
        assertThat(mail.subject()).isEqualTo("Confirm your address at papers.example.org");
        assertThat(mail.text()).contains("https://papers.example.org/account/verify?token=s3cr3t-_")
                .contains("a<b>&\"c@example.org");
        assertThat(mail.html()).contains("<a href=\"https://papers.example.org/account/verify?token=s3cr3t-_\">")
                .contains("a&lt;b&gt;&amp;\"c@example.org").doesNotContain("a<b>");
    }

    @Test
    void aResetMailSaysHowLongItsLinkWorksAndWhatToDoIfUnasked() {
        MailMessage mail = messages.resetPassword(ada, "ada@example.org", "t");
        assertThat(mail.text()).contains("/account/reset/confirm?token=t").contains("for an hour")
                .contains("If you did not ask for it");
    }
}
