package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings.Key;

/**
 * Mail signed with {@code mail.dkim.*}, received by GreenMail and checked by an independent verifier (Apache jDKIM),
 * whose key lookup answers with the test key's DNS record instead of asking DNS.
 */
class DkimSigningTest {

    @TempDir
    Path tmp;
    private GreenMail greenMail;
    private KeyPair keys;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private Path pem() throws Exception {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        return Files.writeString(tmp.resolve("dkim.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    private MailSender signingSender(Path keyFile) {
        Map<Key, String> dkim = new LinkedHashMap<>(); // the domain last: it needs the others
        dkim.put(Key.MAIL_DKIM_SELECTOR, "pb2026");
        dkim.put(Key.MAIL_DKIM_KEY_FILE, keyFile.toString());
        dkim.put(Key.MAIL_DKIM_DOMAIN, "example.org");
        return new MailSender(MailSenderTest.settings(greenMail.getSmtp().getPort(), dkim));
    }

    private byte[] sendAndReceive(MailSender sender) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<https://papers.example.org/u/opaque-token>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        sender.send(new MailMessage("reader@example.org", "Papers — ✓", "text é\n", "<p>html é</p>", headers,
                "<digest-1@example.org>"));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        greenMail.getReceivedMessages()[0].writeTo(raw);
        return raw.toByteArray();
    }

    /** The verifier, finding the public key at pb2026._domainkey.example.org as DNS would publish it. */
    private DKIMVerifier verifier() {
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        return new DKIMVerifier((method, selector, token) -> {
            assertThat(selector.toString() + "._domainkey." + token).isEqualTo("pb2026._domainkey.example.org");
            return List.of(record);
        });
    }

    @Test
    void theSignatureVerifiesAndCoversTheOneClickUnsubscribeHeaders() throws Exception {
        byte[] raw = sendAndReceive(signingSender(pem()));

        List<SignatureRecord> valid = verifier().verify(new ByteArrayInputStream(raw));

        assertThat(valid).hasSize(1);
        assertThat(valid.getFirst().getHeaders()).extracting(h -> h.toString().toLowerCase(java.util.Locale.ROOT))
                .contains("list-unsubscribe", "list-unsubscribe-post", "from", "subject", "message-id");
        assertThat(new String(raw, StandardCharsets.US_ASCII)).contains("Message-ID: <digest-1@example.org>");
    }

    @Test
    void changingListUnsubscribePostBreaksTheSignature() throws Exception {
        String raw = new String(sendAndReceive(signingSender(pem())), StandardCharsets.ISO_8859_1);
        byte[] altered = raw.replace("List-Unsubscribe=One-Click", "List-Unsubscribe=Two-Clicks")
                .getBytes(StandardCharsets.ISO_8859_1);

        DKIMVerifier verifier = verifier();
        assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(altered)))
                .isInstanceOf(org.apache.james.jdkim.exceptions.FailException.class);
        assertThat(verifier.hasAnyValidSignature()).isFalse();
    }

    @Test
    void aDerKeyWorksAsWellAndIncompleteSettingsOrAFileThatIsNoKeyAreClearConfigurationErrors() throws Exception {
        Path der = Files.write(tmp.resolve("dkim.der"), keys.getPrivate().getEncoded());
        assertThat(verifier().verify(new ByteArrayInputStream(sendAndReceive(signingSender(der))))).hasSize(1);

        assertThatThrownBy(() -> org.paperboy.config.Settings.defaults().with(Key.MAIL_DKIM_DOMAIN, "example.org"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.dkim.domain needs mail.dkim.selector and mail.dkim.key-file");
        Path notAKey = Files.writeString(tmp.resolve("notakey.pem"), "hello");
        assertThatThrownBy(() -> signingSender(notAKey)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not an RSA private key in PKCS#8");
    }
}
